/**
 * How to start a thread or a child on this package's entry scripts, from source or from `dist`.
 *
 * Tests and dev mode run the TypeScript source (vitest, tsx), so this module's URL ends in `.ts`, the
 * entries are `.ts` files, and so are the handler modules they import: plain Node cannot load them, so
 * the thread or child gets the tsx loader. Production runs the compiled `dist/*.js` with plain Node,
 * where tsx (a devDependency) may not even be installed, so it is not asked for there.
 *
 * Threads and children need the loader differently, on Node 20 at least: `--import tsx` in a child's
 * execArgv works, but in a Worker's execArgv it does not (tsx registers its hooks only on the main
 * thread, and Node 20 does not pass a thread its parent's hooks), so a thread first runs a two-line
 * bootstrap that registers tsx's ESM hooks through its API, then imports the real entry.
 */
import type { WorkerOptions } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

type EntryName = 'thread-entry' | 'child-entry';

/** True when this package runs from its TypeScript source rather than compiled JavaScript. */
export function runsFromSource(url: string = import.meta.url): boolean {
  return new URL(url).pathname.endsWith('.ts');
}

function entryUrl(name: EntryName): URL {
  return new URL(`./${name}${runsFromSource() ? '.ts' : '.js'}`, import.meta.url);
}

/** What `new Worker(filename, options)` needs to start a thread on the thread entry. */
export function threadLaunch(): { filename: string | URL; options: WorkerOptions } {
  return threadLaunchFor(entryUrl('thread-entry'));
}

/** What `new Worker(filename, options)` needs to start a thread on `entry` (a `.ts` or `.js` URL). */
export function threadLaunchFor(entry: URL): { filename: string | URL; options: WorkerOptions } {
  if (!runsFromSource(entry.href)) return { filename: entry, options: {} };
  const api = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return { filename: bootstrap, options: { eval: true } };
}

/** What `fork(modulePath, [], { execArgv })` needs to start a child on the child entry. */
export function childLaunch(): { modulePath: string; execArgv: string[] } {
  const modulePath = fileURLToPath(entryUrl('child-entry'));
  if (!runsFromSource()) return { modulePath, execArgv: [] };
  // Resolved to an absolute URL here: a bare `--import tsx` would resolve from the child's cwd.
  return { modulePath, execArgv: ['--import', import.meta.resolve('tsx')] };
}
