import type { Job } from '../../../core/job.js';
import type { Json } from '../../../core/json.js';
import type { HotFinishResult, HotLeaseRef, HotOutcome, JobRef } from '../../hot-tier.js';
import type { HotContext } from '../context.js';
import { errorForCode, ResultCode } from '../error-codes.js';
import { groupByQueue } from '../group-by-queue.js';
import { jobRef } from '../context.js';
import { decodeRecord, MalformedRecordError, stateFromCode } from '../record-codec.js';

/** A finished job's record as the script wrote it; one that does not decode reads as unknown (null). */
function decodeFinished(ref: JobRef, record: string): Job | null {
  try {
    return decodeRecord(ref, record, null);
  } catch (error) {
    if (error instanceof MalformedRecordError) return null;
    throw error;
  }
}

/** The worker's side after claim: heartbeats, progress, outcomes. One script per queue per call. */

export async function extendLeases(
  ctx: HotContext,
  workerId: string,
  leases: readonly HotLeaseRef[],
  leaseMs: number,
  now: number,
): Promise<string[]> {
  const lost = await Promise.all(
    groupByQueue(leases).map(async (group) => {
      const args: (string | number)[] = [now, workerId, leaseMs];
      for (const lease of group.items) args.push(lease.id, lease.attempt);
      const reply = await ctx.scripts.run('extend-leases', group.queue, ctx.layout.keys(group.queue), args);
      const ids: string[] = [];
      while (reply.remaining > 0) ids.push(reply.string());
      return ids;
    }),
  );
  return lost.flat();
}

export async function reportProgress(
  ctx: HotContext,
  lease: HotLeaseRef,
  workerId: string,
  progress: Json,
  now: number,
): Promise<boolean> {
  const args = [now, lease.id, lease.attempt, workerId, JSON.stringify(progress ?? null)];
  const reply = await ctx.scripts.run('report-progress', lease, ctx.layout.keys(lease), args);
  return reply.number() === ResultCode.OK;
}

function outcomeArgs(outcome: HotOutcome): (string | number)[] {
  switch (outcome.kind) {
    case 'succeeded':
      return ['succeeded', outcome.id, outcome.attempt, outcome.workerId, JSON.stringify(outcome.result ?? null), ''];
    case 'failed':
      return ['failed', outcome.id, outcome.attempt, outcome.workerId, JSON.stringify(outcome.error), ''];
    case 'retry':
      return ['retry', outcome.id, outcome.attempt, outcome.workerId, JSON.stringify(outcome.error), outcome.runAt];
    case 'aborted':
      return ['aborted', outcome.id, outcome.attempt, outcome.workerId, JSON.stringify(outcome.error), ''];
  }
}

export async function finish(
  ctx: HotContext,
  outcomes: readonly HotOutcome[],
  now: number,
): Promise<HotFinishResult[]> {
  const results = new Array<HotFinishResult>(outcomes.length);
  await Promise.all(
    groupByQueue(outcomes).map(async (group) => {
      const args: (string | number)[] = [now];
      for (const outcome of group.items) args.push(...outcomeArgs(outcome));
      const reply = await ctx.scripts.run('finish', group.queue, ctx.layout.keys(group.queue), args);
      group.items.forEach((outcome, i) => {
        const code = reply.number();
        const stateCode = reply.optionalString();
        const record = reply.optionalString();
        const error = errorForCode(code, { id: outcome.id, operation: 'finish', attempt: outcome.attempt });
        const result: HotFinishResult = {
          id: outcome.id,
          applied: code === ResultCode.OK,
          state: stateCode === null ? null : stateFromCode(stateCode),
          job: record === null ? null : decodeFinished(jobRef(group.queue, outcome.id), record),
        };
        if (error) result.error = error;
        results[group.positions[i]!] = result;
      });
    }),
  );
  return results;
}
