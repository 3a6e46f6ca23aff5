import { ValidationError } from '../../../core/errors.js';
import type { Job } from '../../../core/job.js';
import type { PushJob, PushOptions, PushResult } from '../../hot-tier.js';
import { addedChange } from '../change-codec.js';
import { decodeOrQuarantine, jobRef, type HotContext } from '../context.js';
import { groupByQueue } from '../group-by-queue.js';
import { encodeRecord, readyScore, type StateCode } from '../record-codec.js';

/** Jobs per push.lua call: big batches are split so one script never holds Redis for long. */
const PUSH_CHUNK = 1000;

interface Prepared {
  job: Job;
  args: string[];
}

/** The stored form of a job pushed at `now`: placement, record and `job.added` change, all encoded here. */
function prepare(input: PushJob, now: number, logJobs: boolean): Prepared {
  const { baseVersion = 0, ...job } = input;
  if (job.state !== 'scheduled' && job.state !== 'queued' && job.state !== 'paused') {
    throw new ValidationError('state', `only waiting jobs can be pushed, not a ${job.state} one ("${job.id}")`);
  }
  const waiting = job.runAt > now ? 'scheduled' : 'queued';
  const stored: Job = {
    ...job,
    state: job.state === 'paused' ? 'paused' : waiting,
    pausedFrom: job.state === 'paused' ? waiting : null,
    leaseOwner: null,
    leaseUntil: null,
  };
  const code: StateCode = stored.state === 'paused' ? 'p' : waiting === 'scheduled' ? 's' : 'q';
  const { mutable, tail } = encodeRecord(stored, code, baseVersion + 1);
  const placement = code === 'p' ? 'p' : code === 's' ? 'd' : 'w';
  const score = code === 'p' ? '' : code === 's' ? String(stored.runAt) : readyScore(stored.priority, stored.runAt);
  return {
    job: stored,
    args: [job.id, placement, score, `${mutable}\n${tail}`, addedChange(mutable, logJobs ? tail : null)],
  };
}

export async function push(ctx: HotContext, jobs: readonly PushJob[], options: PushOptions): Promise<PushResult[]> {
  const { now } = options;
  const logJobs = options.logJobs ?? true;
  const horizonUntil = now + ctx.horizonMs;
  const results = new Array<PushResult>(jobs.length);
  const accepted: { namespace: string; queue: string; job: PushJob; position: number }[] = [];
  jobs.forEach((job, position) => {
    if (job.runAt > horizonUntil)
      results[position] = { id: job.id, created: false, job: null, refused: 'beyond-horizon' };
    else accepted.push({ namespace: job.namespace, queue: job.queue, job, position });
  });
  const groups = groupByQueue(accepted);
  await ctx.registry.ensure(groups.map((g) => g.queue));

  await Promise.all(
    groups.flatMap((group) => {
      const keys = ctx.layout.keys(group.queue);
      const chunks: (typeof group.items)[] = [];
      for (let i = 0; i < group.items.length; i += PUSH_CHUNK) chunks.push(group.items.slice(i, i + PUSH_CHUNK));
      return chunks.map(async (chunk) => {
        const prepared = chunk.map((item) => prepare(item.job, now, logJobs));
        const args: string[] = [String(prepared.length)];
        for (const p of prepared) args.push(...p.args);
        const reply = await ctx.scripts.run('push', group.queue, keys, args);
        for (let i = 0; i < chunk.length; i++) {
          const created = reply.number() === 1;
          const existing = reply.optionalString();
          const lease = reply.optionalNumber();
          const { position, job: input } = chunk[i]!;
          const id = input.id;
          const job =
            created || existing === null
              ? prepared[i]!.job
              : await decodeOrQuarantine(ctx, jobRef(group.queue, id), existing, lease, now);
          results[position] = { id, created, job };
        }
      });
    }),
  );
  return results;
}
