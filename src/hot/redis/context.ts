import type { Cluster, Redis } from 'ioredis';
import type { Job } from '../../core/job.js';
import type { JobRef, QueueRef } from '../hot-tier.js';
import type { KeyLayout } from './queue-keys.js';
import type { QueueRegistry } from './queue-registry.js';
import { decodeRecord, MalformedRecordError } from './record-codec.js';
import type { QuarantineReport, ScriptRunner } from './script-runner.js';

/** What the operations of the Redis hot tier share (one per hot tier). */
export interface HotContext {
  redis: Redis | Cluster;
  layout: KeyLayout;
  scripts: ScriptRunner;
  registry: QueueRegistry;
  horizonMs: number;
  moveLimit: number;
  scanLimit: number;
  /** Queues to visit at once in cross-queue calls (flusher, reconciler). */
  fanOut: number;
  /** Tells the quarantine listeners (for records set aside in Node, such as a bad change record). */
  reportQuarantine(queue: QueueRef, reports: QuarantineReport[]): void;
}

/**
 * Decodes a record read from Redis; one that does not decode (its payload is not JSON, say: Lua never
 * parses payloads) is moved to the quarantine if it is still the same record, and reads as absent.
 */
export async function decodeOrQuarantine(
  ctx: HotContext,
  ref: JobRef,
  raw: string,
  leaseUntil: number | null,
  now: number,
): Promise<Job | null> {
  try {
    return decodeRecord(ref, raw, leaseUntil);
  } catch (error) {
    if (!(error instanceof MalformedRecordError)) throw error;
    await ctx.scripts.run('quarantine', ref, ctx.layout.keys(ref), [now, ref.id, raw, error.message]);
    return null;
  }
}

/** Runs `task` for each item with at most `limit` running at once; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

export function jobRef(queue: QueueRef, id: string): JobRef {
  return { namespace: queue.namespace, queue: queue.queue, id };
}
