import { cpus, totalmem } from 'node:os';

/** Percentiles of a sample (nearest rank), rounded to 0.01. */
export function percentiles(values: number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) =>
    sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { p50: r(at(0.5)), p95: r(at(0.95)), p99: r(at(0.99)), max: r(sorted[sorted.length - 1] ?? NaN) };
}

/** Wall-clock time with sub-millisecond resolution, on the same scale as Date.now(). */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Resolves when `check` is true; rejects after `timeoutMs` so that every benchmark phase is bounded. */
export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`bench: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`;
}
