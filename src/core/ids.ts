import { randomBytes } from 'node:crypto';

/**
 * A new job id: a UUIDv7 (time-ordered, so B-tree inserts stay local and ids sort by creation).
 */
export function newJobId(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
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
