import { Command, Option } from 'commander';
import { parseDuration, parseInteger } from '../parse.js';
import {
  resolveServeConfig,
  SERVE_ROLES,
  settingsFromEnv,
  settingsFromFile,
  settingsFromFlags,
  splitList,
  type ServeSettings,
} from '../serve/serve-config.js';

interface ServeFlags extends Omit<ServeSettings, 'roles' | 'handlers'> {
  config?: string;
  roles?: string;
  handlers?: string[];
  shellCommand?: string[];
}

/** `tickwork serve`: the API, the scheduler and in-process workers, in one process. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('run tickwork: the API (gRPC, gRPC-Web, Connect on one port), the scheduler and workers')
    .addOption(new Option('--config <file>', 'a JSON config file (settings by name)').env('TICKWORK_CONFIG'))
    .option('--store <location>', 'SQLite file, :memory:, or postgres:// URL [./tickwork.db]')
    .option('--redis <url>', 'with a postgres:// store: Redis as the hot tier')
    .option('--durability <mode>', 'with --redis: store-first or hot-first [store-first]')
    .option('--host <host>', 'API address; loopback only until auth exists [127.0.0.1]')
    .option('--port <port>', 'API port; 0 picks a free one [7420]', parseInteger)
    .option('--roles <roles>', `what this process runs, comma-separated (${SERVE_ROLES.join(', ')}) [all]`)
    .option('--handlers <module>', 'a module exporting handlers (repeatable)', (v: string, prev: string[] = []) => [
      ...prev,
      v,
    ])
    .option('--namespace <namespace>', 'the namespace the in-process roles serve [default]')
    .option('--log-level <level>', 'trace, debug, info, warn, error, fatal or silent [info]')
    .option('--max-payload-bytes <n>', 'largest job payload [1048576]', parseInteger)
    .option('--max-batch-size <n>', 'most jobs in one EnqueueBatch [10000]', parseInteger)
    .option('--concurrency <n>', 'jobs the in-process worker runs at once [10]', parseInteger)
    .option('--drain-timeout <duration>', 'how long shutdown lets jobs and calls finish [30s]', parseDuration)
    .option(
      '--http-allowed-origins <origins>',
      'origins HTTP-target jobs may call, comma-separated [this host]',
      splitList,
    )
    .option('--http-signing-secret <secret>', 'HMAC secret signing HTTP-target requests [none]')
    .option(
      '--shell-command <command>',
      'a command the shell executor may run; * is a wildcard (repeatable) [none: off]',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .action(async (flags: ServeFlags) => {
      // Precedence: defaults < config file < TICKWORK_* environment < flags.
      const { config: file, roles, shellCommand, ...rest } = flags;
      const config = resolveServeConfig(
        file ? settingsFromFile(file) : {},
        settingsFromEnv(process.env),
        settingsFromFlags({
          ...rest,
          roles: roles === undefined ? undefined : splitList(roles),
          shellCommands: shellCommand,
        }),
      );
      // Loaded on use: client commands should not pay for the server, the stores and the engine.
      const { runServe } = await import('../serve/run-serve.js');
      await runServe(config);
    });
}
