import { ValidationError } from '../../../core/errors.js';
import type { Job } from '../../../core/job.js';
import type { ClaimRequest, ClaimResult, QueueRef } from '../../hot-tier.js';
import { decodeOrQuarantine, jobRef, type HotContext } from '../context.js';
import { checkLineSafe } from '../record-codec.js';

function positiveInt(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0) throw new ValidationError(field, `${value} is not a whole number >= 0`);
  return value;
}

export async function claim(ctx: HotContext, request: ClaimRequest): Promise<ClaimResult> {
  const limit = positiveInt(request.limit, 'limit');
  const leaseMs = positiveInt(request.leaseMs, 'leaseMs');
  const { now } = request;
  checkLineSafe(request.workerId, 'workerId');
  const handlers = request.handlers ?? [];
  // An empty handler list can run nothing: claim none (the script still moves due jobs and counts).
  const room = request.handlers && request.handlers.length === 0 ? 0 : limit;
  const dueBy = Math.max(now, request.dueBy ?? now);
  const args = [now, request.workerId, room, leaseMs, ctx.moveLimit, ctx.scanLimit, dueBy, ...handlers];
  const reply = await ctx.scripts.run('claim', request, ctx.layout.keys(request), args);
  reply.number(); // moved
  const running = reply.number();
  const claimedCount = reply.number();
  const misfiredCount = reply.number();
  const lease = now + leaseMs;
  const jobs: Job[] = [];
  const misfired: Job[] = [];
  for (let i = 0; i < claimedCount; i++) {
    const id = reply.string();
    const job = await decodeOrQuarantine(ctx, jobRef(request, id), reply.string(), lease, now);
    if (job) jobs.push(job);
  }
  for (let i = 0; i < misfiredCount; i++) {
    const id = reply.string();
    const job = await decodeOrQuarantine(ctx, jobRef(request, id), reply.string(), null, now);
    if (job) misfired.push(job);
  }
  return { jobs, misfired, running };
}

export async function moveDue(ctx: HotContext, queue: QueueRef, now: number, limit: number): Promise<number> {
  const reply = await ctx.scripts.run('move-due', queue, ctx.layout.keys(queue), [now, positiveInt(limit, 'limit')]);
  return reply.number();
}
