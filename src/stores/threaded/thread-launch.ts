/**
 * How to start the store thread, from source or from `dist` — as the thread executor does it
 * (see src/worker/executors/entry-launch.ts for why a Worker cannot take `--import tsx` on Node 20):
 * from source, a two-line bootstrap registers tsx's ESM hooks in the thread, then imports the entry.
 */
import type { WorkerOptions } from 'node:worker_threads';
import { runsFromSource, threadLaunchFor } from '../../worker/executors/entry-launch.js';

export function storeThreadLaunch(): { filename: string | URL; options: WorkerOptions } {
  const fromSource = runsFromSource(import.meta.url);
  return threadLaunchFor(new URL(`./store-thread${fromSource ? '.ts' : '.js'}`, import.meta.url));
}
