import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTickworkClient, type TickworkClient } from '../../src/client/index.js';
import { serve, type Served } from '../cli/cli-process.js';

export const FIXTURE_HANDLERS = fileURLToPath(new URL('./fixtures/handlers.ts', import.meta.url));

export interface ServedTickwork {
  /** `http://127.0.0.1:port`. */
  url: string;
  server: Served;
  /** A client over Connect JSON on the same port the browser uses. */
  client: TickworkClient;
  stop(): Promise<void>;
}

/** A real `tickwork serve` child process on a free port, on a SQLite file in a fresh temp dir. */
export async function startServedTickwork(
  options: { env?: Record<string, string>; token?: string } = {},
): Promise<ServedTickwork> {
  const dir = mkdtempSync(join(tmpdir(), 'tickwork-dashboard-'));
  const args = ['--store', join(dir, 'tickwork.db'), '--handlers', FIXTURE_HANDLERS, '--drain-timeout', '1s'];
  const server = await serve(args, options.env);
  const client = createTickworkClient({
    baseUrl: server.url,
    transport: 'connect',
    ...(options.token ? { token: options.token } : {}),
  });
  return {
    url: server.url,
    server,
    client,
    async stop() {
      client.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves with the job once it is in `state` (WatchJob: a snapshot, then every change). */
export async function untilState(client: TickworkClient, id: string, state: string): Promise<void> {
  const stop = new AbortController();
  try {
    for await (const { job } of client.jobs.watch({ id }, { signal: stop.signal })) {
      if (job?.state === state) return;
    }
    throw new Error(`job ${id} ended without reaching ${state}`);
  } finally {
    stop.abort();
  }
}
