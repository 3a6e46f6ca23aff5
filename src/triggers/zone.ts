/**
 * IANA time zones as offset functions. A *wall time* is a local date and time written as if it were
 * UTC epoch milliseconds (`Date.UTC(y, m, d, h, mi, s)`); an *instant* is real epoch milliseconds.
 * `wall = instant + offsetAt(instant)`.
 *
 * Offsets come from Intl (the runtime's tz database). One lookup costs ~3 µs, and the scheduler asks
 * for the same few minutes over and over (a second-level cron asks about the same minute 60 times), so
 * each zone keeps a small per-minute cache.
 */

const MINUTE = 60_000;
const OFFSET_RE = /GMT(?:([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?)?$/;
/** Names Intl might accept that are not IANA names (offsets such as `+08:00`). */
const IANA_NAME_RE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
const CACHE_LIMIT = 512;
/** Largest DST shift in the tz database is 2 h (Antarctica/Troll); one hour of slack on top. */
const MAX_SHIFT = 3 * 3_600_000;

export class Zone {
  private readonly format: Intl.DateTimeFormat | null;
  private readonly cache = new Map<number, number>();

  constructor(readonly name: string) {
    const format = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' });
    // UTC needs no lookups at all: the common default gets the fast path.
    this.format = format.resolvedOptions().timeZone === 'UTC' ? null : format;
  }

  /** Milliseconds to add to `instant` to get its wall time. */
  offsetAt(instant: number): number {
    if (this.format === null) return 0;
    const minute = Math.floor(instant / MINUTE);
    const hit = this.cache.get(minute);
    if (hit !== undefined) return hit;
    const atStart = this.lookup(minute * MINUTE);
    // Cache only minutes with one offset throughout (historic LMT transitions fall mid-minute).
    if (this.lookup(minute * MINUTE + MINUTE - 1) !== atStart) return this.lookup(instant);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(minute, atStart);
    return atStart;
  }

  toWall(instant: number): number {
    return instant + this.offsetAt(instant);
  }

  /**
   * The instants whose wall time is `wall`: one normally, two in a repeated (fall-back) hour, none in a
   * skipped (spring-forward) gap, where `gapEnd` is the first instant after the gap.
   */
  resolve(wall: number): { earlier: number; later: number } | { gapEnd: number } {
    // Probes well before and after every instant that could show this wall time; assumes at most one
    // transition within that window, which holds for every zone in the tz database since 1970.
    const before = this.offsetAt(wall - 14 * 3_600_000 - MAX_SHIFT);
    const after = this.offsetAt(wall + 14 * 3_600_000 + MAX_SHIFT);
    const a = wall - before;
    if (before === after) return { earlier: a, later: a };
    const b = wall - after;
    const aValid = this.offsetAt(a) === before;
    const bValid = this.offsetAt(b) === after;
    if (aValid && bValid) return { earlier: Math.min(a, b), later: Math.max(a, b) };
    if (aValid) return { earlier: a, later: a };
    if (bValid) return { earlier: b, later: b };
    return { gapEnd: this.transitionIn(Math.min(a, b), Math.max(a, b)) };
  }

  /** The first instant in (lo, hi] whose offset differs from lo's; hi when there is none. */
  transitionIn(lo: number, hi: number): number {
    const initial = this.offsetAt(lo);
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (this.offsetAt(mid) === initial) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  private lookup(instant: number): number {
    const text = this.format!.format(instant);
    const m = OFFSET_RE.exec(text);
    if (!m) throw new Error(`unexpected offset text from Intl for ${this.name}: ${text}`);
    if (m[1] === undefined) return 0;
    const ms = (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0)) * 1000;
    return m[1] === '-' ? -ms : ms;
  }
}

const zones = new Map<string, Zone>();

/** A shared Zone per name: zones are immutable but for their offset cache, which all users share. */
export function zoneFor(name: string): Zone {
  let zone = zones.get(name);
  if (zone === undefined) {
    zone = new Zone(name);
    if (zones.size >= CACHE_LIMIT) zones.clear();
    zones.set(name, zone);
  }
  return zone;
}

/** True for names the runtime knows as IANA zones (`Asia/Shanghai`, `UTC`); false for offsets and junk. */
export function isIanaZone(name: string): boolean {
  if (!IANA_NAME_RE.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
