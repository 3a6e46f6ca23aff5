import { effectiveState, type Job } from '../../../core/job.js';
import type { DemotedJob, HotJobPatch, JobRef } from '../../hot-tier.js';
import { decodeOrQuarantine, jobRef, type HotContext } from '../context.js';
import { ResultCode, throwForCode } from '../error-codes.js';
import { groupByQueue } from '../group-by-queue.js';
import { encodePatch } from '../patch-codec.js';
import { decodeRecord, MalformedRecordError, parseMutable } from '../record-codec.js';
import type { ScriptName } from '../script-loader.js';
import type { ReplyReader } from '../reply.js';
import { JobNotFoundError } from '../../../core/errors.js';

/** Reads and the per-job controls (pause, resume, update, cancel, delete): one script each. */

function view(job: Job, now: number): Job {
  return { ...job, state: effectiveState(job.state, job.runAt, now) };
}

export async function getJobs(ctx: HotContext, refs: readonly JobRef[], now: number): Promise<(Job | null)[]> {
  const results = new Array<Job | null>(refs.length).fill(null);
  await Promise.all(
    groupByQueue(refs).map(async (group) => {
      const ids = group.items.map((ref) => ref.id);
      const reply = await ctx.scripts.run('get-jobs', group.queue, ctx.layout.keys(group.queue), ids);
      const rows = ids.map(() => ({ raw: reply.optionalString(), lease: reply.optionalNumber() }));
      await Promise.all(
        rows.map(async ({ raw, lease }, i) => {
          if (raw === null) return;
          const job = await decodeOrQuarantine(ctx, group.items[i]!, raw, lease, now);
          results[group.positions[i]!] = job && view(job, now);
        }),
      );
    }),
  );
  return results;
}

/** The job a control script returns after its code (a record and its lease), or the code's error. */
async function controlled(
  ctx: HotContext,
  ref: JobRef,
  operation: string,
  reply: ReplyReader,
  now: number,
): Promise<Job> {
  const code = reply.number();
  if (code !== ResultCode.OK && code !== ResultCode.UNCHANGED) {
    const stateCode = code === ResultCode.INVALID_STATE ? reply.string() : undefined;
    throwForCode(code, { id: ref.id, operation, stateCode });
  }
  const raw = reply.string();
  const job = await decodeOrQuarantine(ctx, jobRef(ref, ref.id), raw, reply.optionalNumber(), now);
  if (!job) throw new JobNotFoundError(ref.id);
  return view(job, now);
}

async function control(
  ctx: HotContext,
  script: ScriptName,
  operation: string,
  ref: JobRef,
  args: (string | number)[],
  now: number,
): Promise<Job> {
  const reply = await ctx.scripts.run(script, ref, ctx.layout.keys(ref), args);
  return controlled(ctx, ref, operation, reply, now);
}

export async function pauseJob(ctx: HotContext, ref: JobRef, now: number): Promise<Job> {
  return control(ctx, 'pause-job', 'pause', ref, [now, ref.id], now);
}

export async function resumeJob(ctx: HotContext, ref: JobRef, now: number): Promise<Job> {
  return control(ctx, 'resume-job', 'resume', ref, [now, ref.id], now);
}

export async function cancelJob(ctx: HotContext, ref: JobRef, now: number): Promise<Job> {
  return control(ctx, 'cancel-job', 'cancel', ref, [now, ref.id], now);
}

export async function updateJob(ctx: HotContext, ref: JobRef, patch: HotJobPatch, now: number): Promise<Job> {
  const { header, payload } = encodePatch(patch);
  const args = [now, ref.id, header, payload === null ? '0' : '1', payload ?? ''];
  return control(ctx, 'update-job', 'update', ref, args, now);
}

export async function deleteJob(ctx: HotContext, ref: JobRef, now: number): Promise<boolean> {
  const reply = await ctx.scripts.run('delete-job', ref, ctx.layout.keys(ref), [now, ref.id]);
  return reply.number() === ResultCode.OK;
}

/**
 * Hands a waiting job back to the store (demote-job.lua): removed from Redis without a change record,
 * returned with its version for the store to write as its own. Null when absent; InvalidStateError
 * when running or final.
 */
export async function demoteJob(ctx: HotContext, ref: JobRef, now: number): Promise<DemotedJob | null> {
  const reply = await ctx.scripts.run('demote-job', ref, ctx.layout.keys(ref), [now, ref.id]);
  const code = reply.number();
  if (code === ResultCode.NOT_FOUND) return null;
  if (code !== ResultCode.OK) throwForCode(code, { id: ref.id, operation: 'demote', stateCode: reply.string() });
  const raw = reply.string();
  const lines = raw.split('\n');
  let job: Job;
  try {
    job = decodeRecord(ref, raw, null);
  } catch (error) {
    if (!(error instanceof MalformedRecordError)) throw error;
    // Removed already: keep it in the quarantine as the other reads would.
    await ctx.scripts.run('quarantine', ref, ctx.layout.keys(ref), [now, ref.id, raw, error.message]);
    return null;
  }
  return { job: view(job, now), version: Number(parseMutable(lines).v) };
}
