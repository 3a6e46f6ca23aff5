import type { Logger } from 'pino';
import type { Store } from '../../stores/store.js';

/**
 * Re-queues jobs whose lease expired (a remote worker that vanished) while at least one remote worker
 * is connected. An in-process worker role reaps too; running both is harmless (each reap is atomic).
 */
export class Reaper {
  private holders = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  /** Keeps the reaper running until the returned function is called. */
  hold(): () => void {
    if (this.holders++ === 0) this.timer = setInterval(() => void this.reap(), this.intervalMs).unref();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holders === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  private async reap(): Promise<void> {
    try {
      const reaped = await this.store.reapAbandonedJobs(Date.now(), 1000);
      if (reaped.length > 0)
        this.logger.warn({ jobs: reaped.length }, 'recovered jobs whose remote worker stopped heartbeating');
    } catch (error) {
      this.logger.warn({ err: error }, 'reaping abandoned jobs failed');
    }
  }
}
