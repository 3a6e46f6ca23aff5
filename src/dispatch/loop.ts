import { StoreUnavailableError } from '../core/errors.js';
import { Sleeper } from '../core/sleeper.js';

export interface LoopLogger {
  warn(object: Record<string, unknown>, message: string): void;
}

/**
 * One background loop of the dispatch role: runs `tick` every `intervalMs` (or at once when kicked),
 * and when a tick fails — Redis or PostgreSQL away — logs, backs off (doubling up to 30 s) and
 * resumes; a failure never ends the loop. `stop()` waits for the tick in flight.
 */
export class DispatchLoop {
  private readonly sleeper = new Sleeper();
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    readonly name: string,
    private readonly intervalMs: number,
    private readonly tick: () => Promise<unknown>,
    private readonly logger: LoopLogger | null,
  ) {}

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.run();
  }

  /** Runs the next tick now. */
  kick(): void {
    this.sleeper.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.sleeper.wake();
    await this.running;
    this.running = null;
  }

  private async run(): Promise<void> {
    let backoffMs = 0;
    while (!this.stopped) {
      try {
        await this.tick();
        backoffMs = 0;
      } catch (error) {
        backoffMs = Math.min(Math.max(backoffMs * 2, 100), 30_000);
        const retryable = error instanceof StoreUnavailableError;
        this.logger?.warn({ err: error, loop: this.name, retryInMs: backoffMs, retryable }, `${this.name} failed`);
      }
      if (this.stopped) break;
      await this.sleeper.sleepUntil(Date.now() + (backoffMs || this.intervalMs));
    }
  }
}
