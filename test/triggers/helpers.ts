import { Cron } from 'croner';
import { createTrigger, previewTrigger } from '../../src/triggers/index.js';
import type { Trigger, TriggerSpec } from '../../src/triggers/index.js';

export const utc = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test time ${iso}`);
  return ms;
};

export const isoOf = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The next n fires at or after `from`, as ISO strings without milliseconds (readable expectations). */
export function fires(spec: TriggerSpec | Trigger, from: string, n: number): string[] {
  return previewTrigger(spec, n, utc(from)).map(isoOf);
}

/** Every fire from `from` up to `to` by chaining next(), as epoch ms. */
export function allFires(trigger: Trigger, from: number, to: number): number[] {
  const out: number[] = [];
  let state = { v: 1 as const, count: 0, last: null as number | null };
  let after = from - 1;
  for (;;) {
    const fire = trigger.next(after, state);
    if (fire === null || fire.at > to) return out;
    out.push(fire.at);
    after = fire.at;
    state = fire.state;
  }
}

/** mulberry32: a small seeded PRNG, so property tests are reproducible. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An oracle for the DST policy that shares no code with src/triggers: walk every minute instant, read its
 * wall time with Intl.formatToParts, and fire (a) at the first instant showing a matching wall time and
 * (b) at the first instant after a gap that skipped a matching wall time. Minute-level patterns only.
 * Returns one list of fires per expression.
 */
export function oracleFires(expressions: string[], timezone: string, from: number, to: number): number[][] {
  const patterns = expressions.map((e) => new Cron(e, { utcOffset: 0 }));
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  const wallOf = (t: number): number => {
    const p: Record<string, number> = {};
    for (const part of format.formatToParts(t)) if (part.type !== 'literal') p[part.type] = Number(part.value);
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!);
  };
  const instants: number[] = [];
  for (let t = from; t <= to; t += 60_000) instants.push(t);
  const walls = instants.map(wallOf);
  const before = wallOf(from - 60_000);
  return patterns.map((pattern) => {
    const matches = (wall: number) => pattern.match(new Date(wall));
    const seen = new Set<number>();
    const out: number[] = [];
    let latestWall = before;
    for (let i = 0; i < instants.length; i++) {
      const t = instants[i]!;
      const wall = walls[i]!;
      let fire = false;
      // Wall times jumped over between the latest wall time seen and this one (a spring-forward gap).
      for (let skipped = latestWall + 60_000; skipped < wall; skipped += 60_000) if (matches(skipped)) fire = true;
      if (!seen.has(wall) && matches(wall)) fire = true;
      seen.add(wall);
      if (fire) out.push(t);
      latestWall = Math.max(latestWall, wall);
    }
    return out;
  });
}

export { createTrigger };
