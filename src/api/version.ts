import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** tickwork's version from package.json (read once, on first use; the same path from src/ and dist/). */
export function tickworkVersion(): string {
  if (cached === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
        version?: string;
      };
      cached = pkg.version ?? '0.0.0';
    } catch {
      cached = '0.0.0';
    }
  }
  return cached;
}
