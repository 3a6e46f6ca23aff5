import { execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { postgresBinDir } from './binaries.js';
import { freePort } from './free-port.js';
import { removeOnExit, spawnServer, waitUntilReady, type RunAs, type ServerProcess } from './server-process.js';

export interface PostgresServerOptions {
  /**
   * Keep PostgreSQL's crash safety (fsync, full page writes). Default false: a throwaway test server
   * loses nothing it needs by skipping fsync, and tests run several times faster. Benchmarks turn it on.
   */
  durable?: boolean;
  /** The database created for the caller (the one `url` names). Default `tickwork`. */
  database?: string;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string | number>;
}

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/<database>` */
  readonly url: string;
  readonly port: number;
  /** Shuts the server down (fast mode) and removes its data directory. */
  stop(): Promise<void>;
  /** Stops the server keeping its data; `up()` starts it again on the same port. */
  down(): Promise<void>;
  up(): Promise<void>;
  restart(): Promise<void>;
}

/** PostgreSQL refuses to run as root: then the server runs as the `postgres` user (or `nobody`). */
function runAsFor(): RunAs | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  for (const user of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', user]).toString().trim());
      const gid = Number(execFileSync('id', ['-g', user]).toString().trim());
      return { uid, gid };
    } catch {
      // try the next user
    }
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run PostgreSQL');
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Starts a throwaway PostgreSQL: initdb into a temporary directory, then the server on a free port of
 * 127.0.0.1 with its socket in that directory (never /var/run, which may belong to a system cluster).
 */
export async function startPostgres(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const runAs = runAsFor();
  const port = await freePort();
  const base = mkdtempSync(join(tmpdir(), 'tw-pg-'));
  const cleanup = removeOnExit(base);
  const data = join(base, 'data');
  mkdirSync(data, { mode: 0o700 });
  if (runAs) {
    chownSync(base, runAs.uid, runAs.gid);
    chownSync(data, runAs.uid, runAs.gid);
  }
  execFileSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
    { stdio: 'pipe', ...(runAs ?? {}) },
  );

  const settings: Record<string, string | number> = {
    max_connections: 300,
    shared_buffers: '128MB',
    ...(options.durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
    ...options.settings,
  };
  const args = ['-D', data, '-k', base, '-h', '127.0.0.1', '-p', String(port)];
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
  const root = `postgres://postgres@127.0.0.1:${port}`;
  let server: ServerProcess | null = null;

  const up = async (): Promise<void> => {
    if (server) return;
    const started = spawnServer(join(bin, 'postgres'), args, runAs);
    server = started;
    try {
      await waitUntilReady(started, `postgres on port ${port}`, () => canConnect(`${root}/postgres`));
    } catch (error) {
      server = null;
      throw error;
    }
  };
  const down = async (): Promise<void> => {
    const running = server;
    server = null;
    await running?.stop('SIGINT'); // fast shutdown: ends open sessions instead of waiting for them
  };

  await up();
  const database = options.database ?? 'tickwork';
  const admin = new pg.Client({ connectionString: `${root}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }

  return {
    url: `${root}/${database}`,
    port,
    up,
    down,
    async restart() {
      await down();
      await up();
    },
    async stop() {
      await down();
      rmSync(base, { recursive: true, force: true });
      cleanup.forget();
    },
  };
}
