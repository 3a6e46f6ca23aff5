import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Job } from '../../src/core/job.js';
import type { Json } from '../../src/core/json.js';
import type { ExecutionTask, HandlerRegistration } from '../../src/worker/handler.js';

export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}.ts`, import.meta.url));
}

let jobs = 0;

export function makeJob(payload: Json, overrides: Partial<Job> = {}): Job {
  const now = Date.now();
  jobs += 1;
  return {
    id: `job-${jobs}`,
    namespace: 'default',
    queue: 'default',
    handler: 'fixture',
    payload,
    state: 'running',
    priority: 0,
    runAt: now,
    attempt: 1,
    maxAttempts: 3,
    backoff: { type: 'fixed', delayMs: 1000, maxDelayMs: 3_600_000, jitter: 0 },
    timeoutMs: null,
    key: null,
    scheduleId: null,
    fireTime: null,
    deadline: null,
    target: null,
    progress: null,
    result: null,
    error: null,
    stalls: 0,
    pausedFrom: null,
    leaseOwner: 'test',
    leaseUntil: now + 30_000,
    createdAt: now,
    updatedAt: now,
    startedAt: now,
    finishedAt: null,
    ...overrides,
  };
}

/** Progress reports as they arrive, with a way to await the one the test needs. */
export class ProgressProbe {
  readonly values: Json[] = [];
  private waiters: { match: (value: Json) => boolean; resolve: (value: Json) => void }[] = [];

  readonly report = (value: Json): void => {
    this.values.push(value);
    for (const waiter of this.waiters.filter((w) => w.match(value))) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(value);
    }
  };

  next(match: (value: Json) => boolean = () => true): Promise<Json> {
    const seen = this.values.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}

export interface TaskOptions {
  signal?: AbortSignal;
  progress?: ProgressProbe;
  job?: Partial<Job>;
}

/** An attempt of `exportName` from fixture `file`, for the thread or process executor. */
export function moduleTask(
  executor: 'thread' | 'process',
  file: string,
  exportName: string,
  payload: Json = null,
  options: TaskOptions = {},
): ExecutionTask {
  const handler: HandlerRegistration = { name: `${file}.${exportName}`, executor, module: fixture(file), exportName };
  return {
    job: makeJob(payload, options.job),
    handler,
    signal: options.signal ?? new AbortController().signal,
    onProgress: options.progress?.report ?? (() => undefined),
  };
}

/** The started attempt's worker id (thread id or pid), from fixtures that report `{ started }`. */
export async function started(probe: ProgressProbe): Promise<number> {
  const value = (await probe.next((v) => typeof v === 'object' && v !== null && 'started' in v)) as { started: number };
  return value.started;
}

/**
 * The server the `gate` fixture holds on: counts attempts waiting at the gate right now (and the most
 * ever), and lets the test release them one at a time.
 */
export class Gate {
  private readonly waiting = new Map<string, Socket>();
  private readonly sockets = new Set<Socket>();
  private waiters: { count: number; resolve: () => void }[] = [];
  maxWaiting = 0;

  private constructor(private readonly server: Server) {}

  static async open(): Promise<Gate> {
    const server = createServer();
    const gate = new Gate(server);
    server.on('connection', (socket) => {
      gate.sockets.add(socket);
      socket.on('close', () => gate.sockets.delete(socket));
      socket.setEncoding('utf8');
      socket.once('data', (text: string) => gate.arrive(text.trim(), socket));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return gate;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  get size(): number {
    return this.waiting.size;
  }

  /** Resolves once `count` attempts wait at the gate. */
  until(count: number): Promise<void> {
    if (this.waiting.size >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Lets the longest-waiting attempt through; returns its tag. */
  releaseOne(): string {
    const [tag, socket] = this.waiting.entries().next().value as [string, Socket];
    this.waiting.delete(tag);
    socket.write('go');
    return tag;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.server.close();
    await once(this.server, 'close');
  }

  private arrive(tag: string, socket: Socket): void {
    this.waiting.set(tag, socket);
    this.maxWaiting = Math.max(this.maxWaiting, this.waiting.size);
    for (const waiter of this.waiters.filter((w) => this.waiting.size >= w.count)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }
}

/**
 * True while a process with this pid runs. A zombie (exited, not yet reaped) counts as gone: an
 * orphan's zombie waits for PID 1 to reap it, and some container inits never do.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat is "pid (comm) state …"; comm may hold spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(pid, 0) is all we can know
  }
}
