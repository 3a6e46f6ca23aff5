import { Command } from 'commander';
import type { JobState } from '../../core/job.js';
import { JOB_STATES } from '../../core/job.js';
import type { JobRef } from '../../client/jobs-client.js';
import type { ClientJob } from '../../client/model.js';
import { CliError, EXIT, usageError } from '../cli-error.js';
import { withClient, withClientOptions, type ClientFlags } from '../client-options.js';
import { eventLine, jobDetails, jobsTable, when } from '../output/output.js';
import { collect, parseInteger } from '../parse.js';

interface RefFlags extends ClientFlags {
  key?: string;
}

function refOf(id: string | undefined, flags: RefFlags): JobRef {
  if (id && flags.key) throw usageError('give a job id or --key, not both');
  if (id) return id;
  if (flags.key) return { key: flags.key };
  throw usageError('give a job id, or --key <key> for the live job holding a key');
}

/** A by-job command: `[id]` or `--key`, one client call, the job printed. */
function jobAction(
  name: string,
  description: string,
  run: (
    client: Parameters<Parameters<typeof withClient>[1]>[0],
    ref: JobRef,
    flags: RefFlags & { reason?: string },
  ) => Promise<ClientJob>,
  verb: string,
): Command {
  return withClientOptions(
    new Command(name)
      .description(description)
      .argument('[id]', 'the job id')
      .option('--key <key>', 'the live job holding this key instead of an id'),
  ).action(async (id: string | undefined, flags: RefFlags & { reason?: string }) => {
    const ref = refOf(id, flags);
    await withClient(flags, async (client, out) => {
      const job = await run(client, ref, flags);
      out.data(job);
      out.say(`${verb} ${job.id}: ${job.state}`);
    });
  });
}

interface ListFlags extends ClientFlags {
  state?: string[];
  queue?: string[];
  handler?: string[];
  key?: string;
  schedule?: string;
  limit?: number;
  pageToken?: string;
}

function listCommand(): Command {
  return withClientOptions(
    new Command('ls')
      .description('list jobs, newest first')
      .option('--state <states>', `filter by state (${JOB_STATES.join(', ')}); repeat or comma-separate`, collect)
      .option('--queue <queues>', 'filter by queue; repeat or comma-separate', collect)
      .option('--handler <handlers>', 'filter by handler; repeat or comma-separate', collect)
      .option('--key <key>', 'jobs that hold or held this key')
      .option('--schedule <id>', "a schedule's occurrences")
      .option('--limit <n>', 'jobs per page, 1-1000 [100]', parseInteger)
      .option('--page-token <token>', 'the next page, from a previous listing'),
  ).action(async (flags: ListFlags) => {
    for (const s of flags.state ?? []) {
      if (!JOB_STATES.includes(s as JobState))
        throw usageError(`--state: "${s}" is not one of ${JOB_STATES.join(', ')}`);
    }
    await withClient(flags, async (client, out) => {
      const page = await client.jobs.list(
        {
          ...(flags.state ? { states: flags.state as JobState[] } : {}),
          ...(flags.queue ? { queues: flags.queue } : {}),
          ...(flags.handler ? { handlers: flags.handler } : {}),
          ...(flags.key ? { key: flags.key } : {}),
          ...(flags.schedule ? { scheduleId: flags.schedule } : {}),
        },
        { ...(flags.limit !== undefined ? { limit: flags.limit } : {}), cursor: flags.pageToken ?? null },
      );
      out.data({ jobs: page.items, nextPageToken: page.nextCursor });
      out.say(page.items.length === 0 ? 'no jobs' : jobsTable(page.items));
      if (page.nextCursor) out.say(`more: --page-token ${page.nextCursor}`);
    });
  });
}

function getCommand(): Command {
  return withClientOptions(
    new Command('get')
      .description('show one job')
      .argument('[id]', 'the job id')
      .option('--key <key>', 'the live job holding this key instead of an id'),
  ).action(async (id: string | undefined, flags: RefFlags) => {
    const ref = refOf(id, flags);
    await withClient(flags, async (client, out) => {
      const job = await client.jobs.get(ref);
      out.data(job);
      out.say(jobDetails(job));
    });
  });
}

function removeCommand(): Command {
  return withClientOptions(
    new Command('rm')
      .description('delete a job and its history, in any state (a running one is cancelled first)')
      .argument('[id]', 'the job id')
      .option('--key <key>', 'the live job holding this key instead of an id'),
  ).action(async (id: string | undefined, flags: RefFlags) => {
    const ref = refOf(id, flags);
    await withClient(flags, async (client, out) => {
      const jobId = await client.jobs.delete(ref);
      out.data({ jobId, deleted: true });
      out.say(`deleted ${jobId}`);
    });
  });
}

function watchCommand(): Command {
  return withClientOptions(
    new Command('watch')
      .description('follow a job until it is final; exit 0 if it succeeded, 1 if it failed or was cancelled')
      .argument('[id]', 'the job id')
      .option('--key <key>', 'the live job holding this key instead of an id'),
  ).action(async (id: string | undefined, flags: RefFlags) => {
    const ref = refOf(id, flags);
    await withClient(flags, async (client, out) => {
      let last: ClientJob | null = null;
      for await (const update of client.jobs.watch(ref)) {
        // Scripts get one JSON line per update (NDJSON); people get one line per change.
        out.data(update);
        if (update.event) out.say(eventLine(update.event));
        else if (update.job) out.say(`${when(Date.now())}  watching ${update.job.id}: ${update.job.state}`);
        if (update.job) last = update.job;
      }
      if (last === null || last.state !== 'succeeded') process.exitCode = EXIT.failure;
      if (last) out.say(`final: ${last.state}${last.error ? ` (${last.error.message})` : ''}`);
    });
  });
}

export function jobsCommand(): Command {
  const cancel = jobAction(
    'cancel',
    'cancel a job (a running attempt is aborted)',
    (c, ref, f) => c.jobs.cancel(ref, f.reason ?? ''),
    'cancelled',
  );
  cancel.option('--reason <text>', 'why, for the server log');
  return new Command('jobs')
    .description('inspect and manage jobs')
    .addCommand(listCommand())
    .addCommand(getCommand())
    .addCommand(jobAction('pause', 'pause a scheduled or queued job', (c, ref) => c.jobs.pause(ref), 'paused'))
    .addCommand(jobAction('resume', 'resume a paused job', (c, ref) => c.jobs.resume(ref), 'resumed'))
    .addCommand(cancel)
    .addCommand(removeCommand())
    .addCommand(
      jobAction(
        'retry',
        'run a failed or cancelled job again with a fresh attempt budget',
        (c, ref) => {
          if (typeof ref !== 'string')
            throw new CliError('retry takes a job id (a final job holds no key)', EXIT.usage);
          return c.jobs.retry(ref);
        },
        'retried',
      ),
    )
    .addCommand(watchCommand());
}
