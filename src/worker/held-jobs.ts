import type { Job } from '../core/job.js';

/** A job this worker holds the lease of: waiting for its start, or running. */
export interface HeldJob {
  job: Job;
  controller: AbortController;
  /** Set when the attempt starts; resolves once its outcome is recorded. */
  done: Promise<void> | null;
  /** A newer attempt of the same job was claimed here: this one's outcome is not written. */
  superseded: boolean;
}

/**
 * The jobs a worker has claimed but not started, earliest runAt first (then priority): jobs claimed
 * ahead of their runAt, and due jobs waiting for a free slot. Small (at most a few times the
 * concurrency), so a sorted array beats a heap here.
 */
export class WaitingJobs {
  private readonly items: HeldJob[] = [];

  get size(): number {
    return this.items.length;
  }

  add(held: HeldJob): void {
    const { runAt, priority } = held.job;
    let i = this.items.length;
    while (i > 0) {
      const prev = this.items[i - 1]!.job;
      if (prev.runAt < runAt || (prev.runAt === runAt && prev.priority <= priority)) break;
      i--;
    }
    this.items.splice(i, 0, held);
  }

  remove(held: HeldJob): boolean {
    const i = this.items.indexOf(held);
    if (i < 0) return false;
    this.items.splice(i, 1);
    return true;
  }

  /**
   * Takes the jobs due by `now` that `admit` accepts, asked in order: `skip` passes over one (its
   * queue is full), `stop` ends the pass (no slot is free anywhere). Returns them and the earliest
   * runAt still ahead, or Infinity.
   */
  takeDue(now: number, admit: (held: HeldJob) => 'take' | 'skip' | 'stop'): { due: HeldJob[]; nextAt: number } {
    const due: HeldJob[] = [];
    let i = 0;
    while (i < this.items.length) {
      const held = this.items[i]!;
      if (held.job.runAt > now) return { due, nextAt: held.job.runAt };
      const verdict = admit(held);
      if (verdict === 'stop') break;
      if (verdict === 'take') {
        this.items.splice(i, 1);
        due.push(held);
      } else i++;
    }
    const ahead = this.items.find((h) => h.job.runAt > now);
    return { due, nextAt: ahead ? ahead.job.runAt : Infinity };
  }

  /** Empties the list. */
  drain(): HeldJob[] {
    return this.items.splice(0, this.items.length);
  }
}
