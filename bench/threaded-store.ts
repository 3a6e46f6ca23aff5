/**
 * bench/threaded-store — bench/embedded twice, each in a fresh process: once as it is (the SqliteStore
 * on the main thread) and once with openStore swapped for the threaded one (ThreadedSqliteStore, the
 * same SQLite file served from a worker thread). The swap is a module resolve hook in the child, so no
 * file is edited. Prints both result lines and the ratios.
 * Run: `BENCH_SCALE=0.2 npx tsx bench/threaded-store.ts` (BENCH_ONLY=main|threaded runs one side).
 */
import { spawnSync } from 'node:child_process';
import { register } from 'node:module';
import { fileURLToPath } from 'node:url';

const EMBEDDED = new URL('./embedded/index.ts', import.meta.url);
const THREADED_OPEN = new URL('../src/stores/threaded/open-threaded-store.ts', import.meta.url);

/** A resolve hook: whoever imports src/stores/open-store gets the threaded openStore instead. */
const HOOK = `
let target;
export function initialize(data) { target = data.target; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  return /\\/src\\/stores\\/open-store\\.(ts|js)$/.test(result.url) ? { ...result, url: target } : result;
}`;

type Mode = 'main' | 'threaded';

async function child(mode: Mode): Promise<void> {
  if (mode === 'threaded') {
    register(`data:text/javascript,${encodeURIComponent(HOOK)}`, { data: { target: THREADED_OPEN.href } });
  }
  await import(EMBEDDED.href);
}

function runSide(mode: Mode): Record<string, number> {
  console.error(`── ${mode} ──`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_CHILD: mode },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`${mode} run failed (${run.status ?? run.signal})`);
  const last = run.stdout.trim().split('\n').at(-1)!;
  console.log(JSON.stringify({ store: mode, ...JSON.parse(last) }));
  return JSON.parse(last) as Record<string, number>;
}

const childMode = process.env.BENCH_CHILD as Mode | undefined;
if (childMode) {
  await child(childMode);
} else {
  const only = process.env.BENCH_ONLY as Mode | undefined;
  const sides = only ? [only] : (['main', 'threaded'] as Mode[]);
  const results = sides.map((mode) => [mode, runSide(mode)] as const);
  if (results.length === 2) {
    const [[, main], [, threaded]] = results as [[Mode, Record<string, number>], [Mode, Record<string, number>]];
    const keys = [
      'jobs_per_s',
      'delayed_p50_ms',
      'delayed_p99_ms',
      'delayed_max_ms',
      'cron_fired',
      'cron_p99_ms',
      'cron_max_ms',
    ];
    for (const key of keys)
      console.error(
        `${key.padEnd(16)} main ${String(main[key]).padStart(8)}   threaded ${String(threaded[key]).padStart(8)}`,
      );
  }
}
