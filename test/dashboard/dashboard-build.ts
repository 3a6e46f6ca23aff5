import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SOURCES = [join(ROOT, 'dashboard'), join(ROOT, 'src/gen')];
const BUILT = join(ROOT, 'dist/dashboard/index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtMtime(): number {
  try {
    return statSync(BUILT).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Builds the dashboard (`npm run build:dashboard`, a few seconds) unless dist/dashboard is newer than
 * every source file, so the browser tests always exercise the code as it is.
 */
export async function ensureDashboardBuilt(): Promise<void> {
  if (builtMtime() > Math.max(...SOURCES.map(newestMtime))) return;
  await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'dashboard/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, timeout: 120_000 },
  );
}
