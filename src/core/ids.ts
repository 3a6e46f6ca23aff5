import { randomFillSync, randomBytes } from 'node:crypto';

/** Random bytes drawn 4 KiB at a time: one call to the system's generator per 409 ids, not per id. */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A new job id: a UUIDv7 (time-ordered, so B-tree inserts stay local and ids sort by creation):
 * 48 bits of milliseconds, the version, 74 random bits and the variant.
 */
export function newJobId(now = Date.now()): string {
  if (poolAt + 10 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const r = poolAt;
  poolAt += 10;
  const t = now.toString(16).padStart(12, '0');
  let tail = '';
  for (let i = r + 4; i < r + 10; i++) tail += HEX[pool[i]!];
  return (
    `${t.slice(0, 8)}-${t.slice(8)}-${HEX[(pool[r]! & 0x0f) | 0x70]}${HEX[pool[r + 1]!]}-` +
    `${HEX[(pool[r + 2]! & 0x3f) | 0x80]}${HEX[pool[r + 3]!]}-${tail}`
  );
}

/**
 * The id of a schedule's occurrence: derived from (schedule id, nominal fire time), so a fire can never
 * make two jobs, whichever scheduler process makes it and however often it is retried.
 */
export function occurrenceId(scheduleId: string, fireTime: number): string {
  return `${scheduleId}@${new Date(fireTime).toISOString()}`;
}

/** A process-unique owner name for leases: host, pid and a random suffix. */
export function newOwnerId(role: string): string {
  return `${role}:${process.pid}:${randomBytes(4).toString('hex')}`;
}
