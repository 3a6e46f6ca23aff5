import type { Job } from '../../../core/job.js';
import type { ExpiredLease, QueueRef, QuarantinedRecord, RetireRef, RetireResult } from '../../hot-tier.js';
import { decodeOrQuarantine, jobRef, mapLimit, type HotContext } from '../context.js';
import { ResultCode } from '../error-codes.js';
import { groupByQueue } from '../group-by-queue.js';
import { toHotTierError } from '../redis-errors.js';

/** What the reconciler and the flusher's last step use: expired leases, retiring, quarantine. */

export async function findExpiredLeases(
  ctx: HotContext,
  now: number,
  limit: number,
  namespace?: string,
): Promise<ExpiredLease[]> {
  const queues = await ctx.registry.list(namespace);
  const perQueue = await mapLimit(queues, ctx.fanOut, async (queue) => {
    const reply = await ctx.scripts.run('expired-leases', queue, ctx.layout.keys(queue), [now, limit]);
    const leases: ExpiredLease[] = [];
    while (reply.remaining > 0) {
      leases.push({
        ...jobRef(queue, reply.string()),
        attempt: reply.number(),
        leaseOwner: reply.optionalString(),
        leaseUntil: reply.number(),
      });
    }
    return leases;
  });
  return perQueue.flat().sort((a, b) => a.leaseUntil - b.leaseUntil);
}

export async function reapExpiredLeases(
  ctx: HotContext,
  now: number,
  limit: number,
  namespace?: string,
): Promise<Job[]> {
  const queues = await ctx.registry.list(namespace);
  const perQueue = await mapLimit(queues, ctx.fanOut, async (queue) => {
    const reply = await ctx.scripts.run('reap-expired', queue, ctx.layout.keys(queue), [now, limit]);
    const jobs: Job[] = [];
    while (reply.remaining > 0) {
      const job = await decodeOrQuarantine(ctx, jobRef(queue, reply.string()), reply.string(), null, now);
      if (job) jobs.push(job);
    }
    return jobs;
  });
  return perQueue.flat();
}

export async function retire(ctx: HotContext, refs: readonly RetireRef[], now: number): Promise<RetireResult[]> {
  const results = new Array<RetireResult>(refs.length);
  await Promise.all(
    groupByQueue(refs).map(async (group) => {
      const args: (string | number)[] = [now, now + ctx.horizonMs];
      for (const ref of group.items) args.push(ref.id, ref.version);
      const reply = await ctx.scripts.run('retire', group.queue, ctx.layout.keys(group.queue), args);
      group.items.forEach((ref, i) => {
        const code = reply.number();
        const result: RetireResult = { id: ref.id, retired: code === ResultCode.OK };
        if (code === ResultCode.NOT_FOUND) result.kept = 'absent';
        else if (code === ResultCode.NEWER) result.kept = 'newer';
        else if (code !== ResultCode.OK) result.kept = 'live';
        results[group.positions[i]!] = result;
      });
    }),
  );
  return results;
}

export async function listQuarantined(ctx: HotContext, queue: QueueRef): Promise<QuarantinedRecord[]> {
  let entries: Record<string, string>;
  try {
    entries = await ctx.redis.hgetall(ctx.layout.keys(queue).quarantine);
  } catch (error) {
    throw toHotTierError(error);
  }
  return Object.entries(entries).map(([id, text]) => {
    let parsed: { raw?: unknown; reason?: unknown; at?: unknown } = {};
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      // Written by quarantine.lua, so this does not happen; keep the text rather than fail the listing.
      parsed = { raw: text };
    }
    return {
      ...jobRef(queue, id),
      raw: typeof parsed.raw === 'string' ? parsed.raw : text,
      reason: typeof parsed.reason === 'string' ? parsed.reason : 'unknown',
      at: typeof parsed.at === 'number' ? parsed.at : 0,
    };
  });
}
