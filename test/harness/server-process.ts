import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

/** Who a server runs as: root may not run PostgreSQL, so the harness hands it to an unprivileged user. */
export interface RunAs {
  uid: number;
  gid: number;
}

export interface ServerProcess {
  readonly pid: number;
  /** Resolves when the process has exited (however it ended). */
  readonly exited: Promise<void>;
  /** Sends `signal` and waits for the exit; SIGKILL after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
  /** The last lines the process printed, for error messages. */
  output(): string;
}

/** Every server (and data directory) this process started, so a crashing run leaves none behind. */
const live = new Set<ChildProcess>();
const directories = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
    for (const dir of directories) rmSync(dir, { recursive: true, force: true });
  });
}

/** Removes `dir` when this process exits, unless `forget` was called (the server's stop() removed it). */
export function removeOnExit(dir: string): { forget(): void } {
  installExitHook();
  directories.add(dir);
  return { forget: () => void directories.delete(dir) };
}

/** Starts a long-running server process, keeping the tail of its output. */
export function spawnServer(command: string, args: string[], runAs: RunAs | null): ServerProcess {
  installExitHook();
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
  });
  live.add(child);
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      tail += `\n${error.message}`;
      resolve();
    });
  }).finally(() => live.delete(child));

  return {
    pid: child.pid ?? -1,
    exited,
    output: () => tail,
    async stop(signal = 'SIGTERM', graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Polls `ready` until it says yes. Fails early, with the server's own output, if the process exits first,
 * and after `timeoutMs` otherwise.
 */
export async function waitUntilReady(
  server: ServerProcess,
  what: string,
  ready: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  let exited = false;
  void server.exited.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`${what} exited before it was ready:\n${server.output()}`);
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) {
      await server.stop('SIGKILL');
      throw new Error(`${what} was not ready after ${timeoutMs} ms:\n${server.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
