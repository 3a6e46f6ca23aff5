/**
 * A loop's sleep: until a due time or an early wake-up, whichever comes first, and never longer than
 * `maxSleepMs` (30 s) so that a clock jump, a suspended laptop or a lost notification costs at most one
 * cap before the loop recomputes. Notifications only shorten sleeps; correctness never waits on them.
 */
export class Sleeper {
  private timer: NodeJS.Timeout | null = null;
  private resolve: (() => void) | null = null;
  private wakeAt = Infinity;
  private woken = false;

  constructor(private readonly maxSleepMs = 30_000) {}

  /** Sleeps until `at` (epoch ms), the cap, or `wake()`. */
  async sleepUntil(at: number, now = Date.now()): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return;
    }
    const delay = Math.min(Math.max(0, at - now), this.maxSleepMs);
    this.wakeAt = now + delay;
    await new Promise<void>((resolve) => {
      this.resolve = resolve;
      this.timer = setTimeout(() => this.fire(), delay);
    });
  }

  /**
   * Ends the current sleep now, or when `at` is given, moves it earlier to `at` if that is sooner.
   * A wake that arrives while the loop is busy makes its next sleep return at once.
   */
  wake(at?: number): void {
    if (!this.resolve) {
      // Busy: the loop recomputes its next due time before it sleeps again, so one flag is enough.
      this.woken = true;
      return;
    }
    if (at === undefined) return this.fire();
    if (at >= this.wakeAt) return;
    const delay = Math.max(0, at - Date.now());
    if (delay === 0) return this.fire();
    clearTimeout(this.timer!);
    this.wakeAt = at;
    this.timer = setTimeout(() => this.fire(), delay);
  }

  /** When the current sleep ends (Infinity when not sleeping). */
  get sleepingUntil(): number {
    return this.resolve ? this.wakeAt : Infinity;
  }

  private fire(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const resolve = this.resolve;
    this.resolve = null;
    this.wakeAt = Infinity;
    resolve?.();
  }
}
