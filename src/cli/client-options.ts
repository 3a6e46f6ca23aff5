import { Option, type Command } from 'commander';
import { createTickworkClient, type TickworkClient } from '../client/client.js';
import { createOutput, type Output } from './output/output.js';

export const DEFAULT_SERVER = 'http://127.0.0.1:7420';

export interface ClientFlags {
  server: string;
  namespace?: string;
  token?: string;
  transport: 'grpc' | 'connect';
  json?: boolean;
}

/** The options every command that talks to a server takes. */
export function withClientOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--server <url>', 'the tickwork server').env('TICKWORK_SERVER').default(DEFAULT_SERVER))
    .addOption(new Option('-n, --namespace <namespace>', 'the namespace to act in [default]').env('TICKWORK_NAMESPACE'))
    .addOption(new Option('--token <token>', 'a bearer token').env('TICKWORK_TOKEN'))
    .addOption(new Option('--transport <protocol>', 'wire protocol').choices(['grpc', 'connect']).default('grpc'))
    .option('--json', 'print JSON for scripts instead of tables');
}

/** Runs `fn` with a client and an output for the command's flags, closing the client after. */
export async function withClient<T>(
  flags: ClientFlags,
  fn: (client: TickworkClient, out: Output) => Promise<T>,
): Promise<T> {
  const client = createTickworkClient({
    baseUrl: flags.server,
    transport: flags.transport,
    ...(flags.namespace ? { namespace: flags.namespace } : {}),
    ...(flags.token ? { token: flags.token } : {}),
  });
  try {
    return await fn(client, createOutput(flags.json ?? false));
  } finally {
    client.close();
  }
}
