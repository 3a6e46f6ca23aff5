/**
 * One chaos child process (a scheduler or a worker) that the test can start, SIGKILL, freeze
 * (SIGSTOP, then SIGCONT) and stop. Its stdout lines are read for `ready` and for JSON log records.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export type ChaosRole = 'scheduler' | 'worker';

export interface LogRecord {
  msg?: string;
  jobId?: string;
  attempt?: number;
  [field: string]: unknown;
}

export class ChaosProcess {
  private child: ChildProcess | null = null;
  private exit: Promise<void> = Promise.resolve();
  private frozen = false;
  private readyNow: Promise<void> = Promise.resolve();
  /** Starts so far (the first and each restart). */
  starts = 0;
  kills = 0;
  freezes = 0;

  constructor(
    readonly role: ChaosRole,
    readonly name: string,
    private readonly entry: string,
    private readonly env: Record<string, string>,
    private readonly onLog: (record: LogRecord, from: ChaosProcess) => void,
  ) {}

  get alive(): boolean {
    return this.child !== null;
  }

  get isFrozen(): boolean {
    return this.frozen;
  }

  /** Resolves once the current process has printed `ready` (it has installed its signal handlers). */
  get ready(): Promise<void> {
    return this.readyNow;
  }

  /** Starts the process; resolves when it prints `ready`, rejects if it exits before. */
  start(): Promise<void> {
    if (this.child) throw new Error(`${this.name} is already running`);
    const child = spawn(process.execPath, ['--import', 'tsx', this.entry], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...this.env },
    });
    this.child = child;
    this.starts++;
    this.exit = new Promise((resolve) => child.once('exit', () => resolve()));
    void this.exit.then(() => {
      if (this.child === child) this.child = null;
    });
    this.readyNow = new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (line === 'ready') resolve();
        else if (line.startsWith('{')) {
          try {
            this.onLog(JSON.parse(line) as LogRecord, this);
          } catch {
            // a line cut short by SIGKILL
          }
        }
      });
      void this.exit.then(() => reject(new Error(`${this.name} exited before it was ready`)));
    });
    this.readyNow.catch(() => {}); // a restart may be killed before it is ready; start()'s caller decides
    return this.readyNow;
  }

  /** SIGKILL, and wait until it is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.kills++;
    child.kill('SIGKILL');
    this.frozen = false;
    await this.exit;
  }

  /** Freezes the process for `ms` (its leases expire meanwhile), then lets it run on. */
  async freeze(ms: number): Promise<void> {
    const child = this.child;
    if (!child || this.frozen) return;
    this.freezes++;
    this.frozen = true;
    child.kill('SIGSTOP');
    await new Promise((r) => setTimeout(r, ms));
    if (this.child === child && this.frozen) child.kill('SIGCONT');
    this.frozen = false;
  }

  /** SIGTERM (the process drains and exits); SIGKILL after `graceMs`. Resolves with how it ended. */
  async stop(graceMs = 10_000): Promise<string> {
    const child = this.child;
    if (!child) return 'not running';
    if (this.frozen) child.kill('SIGCONT');
    const started = Date.now();
    const ended = new Promise<string>((resolve) =>
      child.once('exit', (code, signal) =>
        resolve(code === 0 ? 'exit 0' : `exit ${code} signal ${signal} after ${Date.now() - started} ms`),
      ),
    );
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const result = await ended;
    clearTimeout(timer);
    return result;
  }
}
