import type { BenchPayload, Submission } from './system.js';

/** The same 100-byte JSON payload for every system: a due time and padding up to exactly 100 bytes. */
export function payload(due: number): BenchPayload {
  const base = JSON.stringify({ due, pad: '' }).length;
  return { due, pad: 'x'.repeat(100 - base) };
}

if (JSON.stringify(payload(Date.now())).length !== 100) throw new Error('bench payload must be 100 bytes');

/** `n` submissions due now. */
export function dueNow(n: number): Submission[] {
  const now = Date.now();
  return Array.from({ length: n }, () => ({ payload: payload(now), due: null }));
}

/** `n` submissions due `delayMs` from now. */
export function dueIn(n: number, delayMs: number): Submission[] {
  const due = Date.now() + delayMs;
  return Array.from({ length: n }, () => ({ payload: payload(due), due }));
}

/** `n` submissions due evenly over [from, from + spreadMs). */
export function spread(n: number, from: number, spreadMs: number): Submission[] {
  return Array.from({ length: n }, (_, i) => {
    const due = Math.round(from + (i * spreadMs) / n);
    return { payload: payload(due), due };
  });
}
