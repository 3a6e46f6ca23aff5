/**
 * How to start the store thread, from source or from `dist` — as the thread executor does it
 * (see src/worker/executors/entry-launch.ts for why a Worker cannot take `--import tsx` on Node 20):
 * from source, a two-line bootstrap registers tsx's ESM hooks in the thread, then imports the entry.
 */
import type { WorkerOptions } from 'node:worker_threads';
import { runsFromSource } from '../../worker/executors/entry-launch.js';

export function storeThreadLaunch(): { filename: string | URL; options: WorkerOptions } {
  const fromSource = runsFromSource(import.meta.url);
  const entry = new URL(`./store-thread${fromSource ? '.ts' : '.js'}`, import.meta.url);
  if (!fromSource) return { filename: entry, options: {} };
  const api = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return { filename: bootstrap, options: { eval: true } };
}
