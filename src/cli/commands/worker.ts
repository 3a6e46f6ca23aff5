import { Command, Option } from 'commander';
import { DEFAULT_SERVER } from '../client-options.js';
import { usageError } from '../cli-error.js';
import { parseDuration, parseInteger } from '../parse.js';
import { splitList } from '../serve/serve-config.js';

interface WorkerFlags {
  server: string;
  namespace?: string;
  token?: string;
  handlers?: string[];
  concurrency: number;
  queues?: string[];
  workerId?: string;
  logLevel: string;
  drainTimeout?: number;
}

/** `tickwork worker`: runs handlers for a server, over WorkerService (remote worker). */
export function workerCommand(): Command {
  return new Command('worker')
    .description('run handlers for a tickwork server over WorkerService: tickwork worker --handlers ./handlers.ts')
    .addOption(new Option('--server <url>', 'the tickwork server').env('TICKWORK_SERVER').default(DEFAULT_SERVER))
    .addOption(new Option('-n, --namespace <namespace>', 'the namespace to serve [default]').env('TICKWORK_NAMESPACE'))
    .addOption(new Option('--token <token>', 'a bearer token (verb: workers)').env('TICKWORK_TOKEN'))
    .option('--handlers <module>', 'a module exporting handlers (repeatable)', (v: string, prev: string[] = []) => [
      ...prev,
      v,
    ])
    .option('--concurrency <n>', 'jobs run at once [10]', parseInteger, 10)
    .option('--queues <queues>', 'only these queues, comma-separated [every queue]', splitList)
    .option('--worker-id <id>', 'the lease owner name, stable for the process [host:pid]')
    .option('--log-level <level>', 'pino level [info]', 'info')
    .option('--drain-timeout <duration>', 'how long SIGTERM lets running jobs finish [30s]', parseDuration)
    .action(async (flags: WorkerFlags) => {
      if (!flags.handlers || flags.handlers.length === 0) throw usageError('--handlers <module> is required');
      if (flags.concurrency < 1) throw usageError('--concurrency: must be at least 1');
      const { runWorker } = await import('../worker/run-worker.js');
      await runWorker({ ...flags, handlers: flags.handlers });
    });
}
