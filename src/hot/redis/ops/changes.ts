import type {
  ChangeBatch,
  ChangeReceipt,
  ChangeReceiptEntry,
  HotChange,
  ReadChangesRequest,
} from '../../hot-changes.js';
import type { QueueRef } from '../../hot-tier.js';
import { decodeChange } from '../change-codec.js';
import { jobRef, mapLimit, type HotContext } from '../context.js';
import { LOG_GROUP } from '../queue-keys.js';
import { toHotTierError } from '../redis-errors.js';
import { MalformedRecordError } from '../record-codec.js';
import type { QuarantineReport } from '../script-runner.js';

/**
 * The flusher's side of the change log: each queue's stream is read through the consumer group
 * `flush` (XREADGROUP), so several flushers share the work and an entry stays pending for its reader
 * until acked; a reader that died is taken over with XAUTOCLAIM. Reading is not an atomic operation
 * on jobs (no script): it only moves entries in the group's pending list.
 */

type StreamReply = [key: string, entries: [id: string, fields: string[] | null][]][] | null;

async function call(ctx: HotContext, args: (string | number)[]): Promise<unknown> {
  try {
    return await ctx.redis.call(String(args[0]), ...args.slice(1));
  } catch (error) {
    // A queue registered by a setting but never pushed to has no log and so no group yet.
    if (error instanceof Error && error.message.startsWith('NOGROUP')) return null;
    throw toHotTierError(error);
  }
}

interface QueueRead {
  changes: HotChange[];
  entry: ChangeReceiptEntry | null;
}

async function readQueue(ctx: HotContext, queue: QueueRef, request: ReadChangesRequest): Promise<QueueRead> {
  const log = ctx.layout.keys(queue).log;
  const { consumer, limit } = request;
  const reads: Promise<unknown>[] = [];
  if (request.reclaimIdleMs !== undefined) {
    reads.push(call(ctx, ['XAUTOCLAIM', log, LOG_GROUP, consumer, request.reclaimIdleMs, '0-0', 'COUNT', limit]));
  }
  // Sent together, executed in order: this consumer's unacked entries (after the takeover), then new ones.
  reads.push(call(ctx, ['XREADGROUP', 'GROUP', LOG_GROUP, consumer, 'COUNT', limit, 'STREAMS', log, '0']));
  reads.push(call(ctx, ['XREADGROUP', 'GROUP', LOG_GROUP, consumer, 'COUNT', limit, 'STREAMS', log, '>']));
  const replies = await Promise.all(reads);
  const pending = replies[replies.length - 2] as StreamReply;
  const fresh = replies[replies.length - 1] as StreamReply;

  const changes: HotChange[] = [];
  const ids: string[] = [];
  const retire = new Map<string, number>();
  const bad: QuarantineReport[] = [];
  for (const reply of [pending, fresh]) {
    for (const [id, fields] of reply?.[0]?.[1] ?? []) {
      ids.push(id);
      if (!fields) continue; // deleted while pending: nothing left to apply
      for (let i = 0; i + 1 < fields.length; i += 2) {
        const jobId = fields[i]!;
        try {
          const change = decodeChange(jobRef(queue, jobId), fields[i + 1]!, ctx.horizonMs);
          change.entry = id;
          changes.push(change);
          if (change.retirable) retire.set(jobId, Math.max(change.version, retire.get(jobId) ?? 0));
        } catch (error) {
          if (!(error instanceof MalformedRecordError)) throw error;
          bad.push({ id: jobId, reason: `change record ${id}: ${error.message}`, raw: fields[i + 1]!.slice(0, 4096) });
        }
      }
    }
  }
  // A change record that does not decode cannot be applied now or later: report it, let the ack drop it.
  if (bad.length > 0) ctx.reportQuarantine(queue, bad);
  if (ids.length === 0) return { changes, entry: null };
  const entry: ChangeReceiptEntry = {
    namespace: queue.namespace,
    queue: queue.queue,
    ids,
    retire: [...retire].map(([id, version]) => ({ id, version })),
  };
  return { changes, entry };
}

export async function readChanges(ctx: HotContext, request: ReadChangesRequest): Promise<ChangeBatch> {
  const queues = await ctx.registry.list(request.namespace);
  const reads = await mapLimit(queues, ctx.fanOut, (queue) => readQueue(ctx, queue, request));
  return {
    changes: reads.flatMap((r) => r.changes),
    receipt: { entries: reads.flatMap((r) => (r.entry ? [r.entry] : [])) },
  };
}

export async function ackChanges(ctx: HotContext, receipt: ChangeReceipt, now: number): Promise<void> {
  await Promise.all(
    receipt.entries.map((entry) => {
      const args: (string | number)[] = [now, now + ctx.horizonMs, entry.ids.length, ...entry.ids];
      for (const { id, version } of entry.retire) args.push(id, version);
      return ctx.scripts.run('ack-changes', entry, ctx.layout.keys(entry), args);
    }),
  );
}
