import { Command, Option } from 'commander';
import type { JobOptions } from '../../core/job-input.js';
import { isFinal } from '../../core/job.js';
import { CliError, EXIT } from '../cli-error.js';
import type { TickworkClient } from '../../client/client.js';
import type { ClientTarget } from '../../client/to-wire.js';
import type { Output } from '../output/output.js';
import { createProgress } from '../output/progress.js';
import { withClient, withClientOptions, type ClientFlags } from '../client-options.js';
import { eventLine, jobDetails, when } from '../output/output.js';
import { parseDuration, parseInteger, parseTime, readJsonArgument } from '../parse.js';

interface EnqueueFlags extends ClientFlags {
  id?: string;
  queue?: string;
  priority?: number;
  delay?: number;
  runAt?: number;
  maxAttempts?: number;
  timeout?: number;
  key?: string;
  onKeyConflict?: JobOptions['onKeyConflict'];
  paused?: boolean;
  wait?: boolean;
  url?: string;
  header?: string[];
  count?: number;
}

export function enqueueCommand(): Command {
  return withClientOptions(
    new Command('enqueue')
      .description(
        'submit a job: tickwork enqueue orders.cancel-if-unpaid \'{"orderId":42}\' --delay 30m --key order:42\n' +
          'or an HTTP-target job: tickwork enqueue --url https://app.example/hooks/x \'{"orderId":42}\'',
      )
      .argument('[handler]', 'the handler that runs the job (omit it with --url)')
      .argument('[payload]', 'JSON payload, @file, or - for stdin [null]')
      .option('--url <url>', 'an HTTP target instead of a handler: the payload is POSTed there, signed')
      .option('--header <name:value>', 'a header of the HTTP target (repeatable)', (v: string, prev: string[] = []) => [
        ...prev,
        v,
      ])
      .option('--id <id>', 'a caller-chosen job id (the same id twice writes one job)')
      .option('--queue <queue>', 'queue [default]')
      .option('--priority <n>', 'lower runs first [0]', parseInteger)
      .option('--delay <duration>', 'run after this long (30s, 30m, 2h)', parseDuration)
      .option('--run-at <time>', 'run at this time (ISO 8601 or epoch ms)', parseTime)
      .option('--max-attempts <n>', 'attempts in all [3]', parseInteger)
      .option('--timeout <duration>', 'per-attempt time limit', parseDuration)
      .option('--key <key>', 'at most one live job per key (order:42)')
      .addOption(
        new Option('--on-key-conflict <policy>', 'when a live job holds the key').choices([
          'return-existing',
          'replace',
          'reject',
        ]),
      )
      .option('--paused', 'write the job paused')
      .option('--count <n>', 'submit n copies, in batches of 1,000, with a progress line on stderr', parseInteger)
      .option('--wait', 'watch the job until it is final; exit 0 if it succeeded, 1 if not'),
  ).action(async (first: string | undefined, second: string | undefined, flags: EnqueueFlags) => {
    const target = targetOf(first, second, flags);
    const payload = readJsonArgument(flags.url ? first : second, 'payload');
    const options: JobOptions = {};
    if (flags.id) options.id = flags.id;
    if (flags.queue) options.queue = flags.queue;
    if (flags.priority !== undefined) options.priority = flags.priority;
    if (flags.delay !== undefined) options.delay = flags.delay;
    if (flags.runAt !== undefined) options.runAt = flags.runAt;
    if (flags.maxAttempts !== undefined) options.maxAttempts = flags.maxAttempts;
    if (flags.timeout !== undefined) options.timeout = flags.timeout;
    if (flags.key) options.key = flags.key;
    if (flags.onKeyConflict) options.onKeyConflict = flags.onKeyConflict;
    if (flags.paused) options.paused = true;
    if (options.delay !== undefined && options.runAt !== undefined)
      throw new CliError('give --delay or --run-at, not both', EXIT.usage);
    if (flags.count !== undefined) {
      if (flags.count < 1) throw new CliError('--count: must be at least 1', EXIT.usage);
      if (flags.id || flags.key || flags.wait)
        throw new CliError('--count makes n jobs: not with --id, --key or --wait', EXIT.usage);
      await withClient(flags, (client, out) => enqueueCount(client, out, target, payload, options, flags.count!));
      return;
    }
    await withClient(flags, async (client, out) => {
      const { job, outcome } = await client.jobs.submit(target, payload, options);
      if (!flags.wait) {
        out.data({ job, outcome });
        out.say(`${outcome} ${job.id}  ${job.state}  runs at ${when(job.runAt)}`);
        return;
      }
      out.say(`${outcome} ${job.id}; watching until it is final`);
      let last = job;
      for await (const update of client.jobs.watch(job.id)) {
        if (update.event) out.say(eventLine(update.event));
        if (update.job) last = update.job;
      }
      out.data({ job: last, outcome });
      out.say(jobDetails(last));
      if (!isFinal(last.state) || last.state !== 'succeeded') process.exitCode = EXIT.failure;
    });
  });
}

/** `<handler> [payload]`, or with --url just `[payload]`. */
function targetOf(first: string | undefined, second: string | undefined, flags: EnqueueFlags): ClientTarget {
  if (!flags.url) {
    if (first === undefined) throw new CliError('missing argument: <handler> (or give --url)', EXIT.usage);
    if (flags.header) throw new CliError('--header needs --url', EXIT.usage);
    return first;
  }
  if (second !== undefined) throw new CliError('with --url, give the payload only (no handler)', EXIT.usage);
  const headers: Record<string, string> = {};
  for (const h of flags.header ?? []) {
    const colon = h.indexOf(':');
    if (colon <= 0) throw new CliError(`--header "${h}": expected name:value`, EXIT.usage);
    headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
  }
  return { url: flags.url, headers };
}

/** `--count n`: n copies through EnqueueBatch, 1,000 at a time, with a progress line for people. */
async function enqueueCount(
  client: TickworkClient,
  out: Output,
  target: ClientTarget,
  payload: unknown,
  options: JobOptions,
  count: number,
): Promise<void> {
  const started = Date.now();
  const progress = createProgress(count, 'enqueued');
  let created = 0;
  for (let done = 0; done < count;) {
    const n = Math.min(1000, count - done);
    const results = await client.jobs.enqueueMany(
      Array.from({ length: n }, () => ({ handler: target, payload, options })),
    );
    created += results.filter((r) => r.outcome === 'created').length;
    done += n;
    progress.update(done);
  }
  progress.end();
  const seconds = (Date.now() - started) / 1000;
  out.data({ count, created, seconds });
  out.say(`created ${created} of ${count} jobs in ${seconds.toFixed(1)} s (${Math.round(count / seconds)}/s)`);
}
