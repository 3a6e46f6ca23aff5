import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisServerPath } from './binaries.js';
import { freePort } from './free-port.js';
import { removeOnExit, spawnServer, waitUntilReady, type ServerProcess } from './server-process.js';

export interface RedisServerOptions {
  /** Append-only file on (`--appendonly yes`), as a hot-first deployment runs it. Default false. */
  appendOnly?: boolean;
  /** `appendfsync` when appendOnly: `always`, `everysec` or `no`. Default `everysec`. */
  appendFsync?: 'always' | 'everysec' | 'no';
  /** Extra `--name value` arguments. */
  args?: string[];
}

export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** The working directory (AOF files live here). */
  readonly dir: string;
  /** Shuts the server down (no snapshot) and removes its directory. */
  stop(): Promise<void>;
  /** Stops the server keeping its files; `up()` starts it again on the same port. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** down() then up(): with appendOnly the data survives, as after a real restart. */
  restart(): Promise<void>;
}

/** Answers true when a PING on a fresh connection gets +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** Starts a throwaway redis-server on a free port of 127.0.0.1, in a temporary directory. */
export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = redisServerPath();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tw-redis-'));
  const cleanup = removeOnExit(dir);
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--save', '',
    '--appendonly', options.appendOnly ? 'yes' : 'no',
    '--appendfsync', options.appendFsync ?? 'everysec',
    '--daemonize', 'no',
    '--protected-mode', 'no',
    ...(options.args ?? []),
  ]; // prettier-ignore
  let server: ServerProcess | null = null;

  const up = async (): Promise<void> => {
    if (server) return;
    const started = spawnServer(binary, args, null);
    server = started;
    try {
      await waitUntilReady(started, `redis-server on port ${port}`, () => ping(port));
    } catch (error) {
      server = null;
      throw error;
    }
  };
  const down = async (): Promise<void> => {
    const running = server;
    server = null;
    // SIGTERM makes redis flush the AOF and exit; `--save ''` keeps it from writing a snapshot.
    await running?.stop('SIGTERM');
  };

  await up();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    up,
    down,
    async restart() {
      await down();
      await up();
    },
    async stop() {
      await down();
      rmSync(dir, { recursive: true, force: true });
      cleanup.forget();
    },
  };
}
