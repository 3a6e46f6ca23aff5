import { ValidationError } from '../../../core/errors.js';
import type { HotQueueInfo, QueueRef } from '../../hot-tier.js';
import { mapLimit, type HotContext } from '../context.js';

/** Queue switches, counts and the next due time. */

export async function setQueuePaused(ctx: HotContext, queue: QueueRef, paused: boolean): Promise<void> {
  await ctx.registry.ensure([queue]);
  await ctx.scripts.run('set-queue-paused', queue, ctx.layout.keys(queue), [paused ? '1' : '0']);
}

export async function setConcurrency(ctx: HotContext, queue: QueueRef, limit: number | null): Promise<void> {
  if (limit !== null && (!Number.isInteger(limit) || limit < 0)) {
    throw new ValidationError('concurrency', `${limit} is not a whole number >= 0 (or null for no limit)`);
  }
  await ctx.registry.ensure([queue]);
  await ctx.scripts.run('set-concurrency', queue, ctx.layout.keys(queue), [limit === null ? '' : String(limit)]);
}

export async function queueInfo(ctx: HotContext, queue: QueueRef): Promise<HotQueueInfo> {
  const reply = await ctx.scripts.run('queue-info', queue, ctx.layout.keys(queue), []);
  const paused = reply.number() === 1;
  const concurrency = reply.number();
  return {
    namespace: queue.namespace,
    queue: queue.queue,
    paused,
    concurrency: concurrency < 0 ? null : concurrency,
    total: reply.number(),
    delayed: reply.number(),
    ready: reply.number(),
    running: reply.number(),
    quarantined: reply.number(),
    logEntries: reply.number(),
  };
}

export async function nextDueAt(ctx: HotContext, queues: readonly QueueRef[], now: number): Promise<number | null> {
  const times = await mapLimit(queues, ctx.fanOut, async (queue) => {
    const reply = await ctx.scripts.run('next-due', queue, ctx.layout.keys(queue), [now]);
    return reply.optionalNumber();
  });
  let earliest: number | null = null;
  for (const at of times) if (at !== null && (earliest === null || at < earliest)) earliest = at;
  return earliest;
}
