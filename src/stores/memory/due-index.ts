import type { Job } from '../../core/job.js';
import { MinHeap } from './min-heap.js';

/** A stored job and what the indexes need to know about it. */
export interface JobRecord {
  job: Job;
  /** Insertion order: the last tie-break of claim order. */
  readonly seq: number;
  /** Bumped whenever the job's due-index entry changes; older entries are stale and skipped. */
  gen: number;
}

interface Entry<R extends JobRecord> {
  record: R;
  gen: number;
  priority: number;
  runAt: number;
  seq: number;
}

/** One lane of claimable jobs: a (namespace, queue, handler), a heap per priority ordered by runAt. */
interface Lane<R extends JobRecord> {
  namespace: string;
  queue: string;
  handler: string;
  heaps: Map<number, MinHeap<Entry<R>>>;
}

export interface DueFilter {
  namespace: string | null;
  queues: ReadonlySet<string> | null;
  handlers: ReadonlySet<string> | null;
  isPaused(namespace: string, queue: string): boolean;
}

const byRunAt = <R extends JobRecord>(a: Entry<R>, b: Entry<R>) =>
  a.runAt < b.runAt || (a.runAt === b.runAt && a.seq < b.seq);
const before = <R extends JobRecord>(a: Entry<R>, b: Entry<R>) =>
  a.priority < b.priority || (a.priority === b.priority && byRunAt(a, b));

/**
 * The claimable jobs (stored `scheduled` or `queued`) ordered by due time, so acquiring is
 * O(claimed × lanes × log n), not O(n): lanes per (namespace, queue, handler) make every acquire filter
 * a lane filter, and within a lane one heap per priority keeps the earliest runAt on top (a future job
 * of a better priority never hides a due one). Entries are invalidated lazily by generation and
 * compacted once stale ones outnumber the live.
 */
export class DueIndex<R extends JobRecord = JobRecord> {
  private readonly lanes = new Map<string, Lane<R>>();
  private readonly tracked = new Set<R>();
  private live = 0;
  private stale = 0;

  /** (Re)indexes a claimable job under its current lane, priority and runAt. */
  track(record: R): void {
    if (this.isTracked(record)) this.stale++;
    else this.live++;
    record.gen++;
    const { namespace, queue, handler, priority, runAt } = record.job;
    const laneKey = `${namespace}\u0000${queue}\u0000${handler}`;
    let lane = this.lanes.get(laneKey);
    if (!lane) {
      lane = { namespace, queue, handler, heaps: new Map() };
      this.lanes.set(laneKey, lane);
    }
    let heap = lane.heaps.get(priority);
    if (!heap) {
      heap = new MinHeap<Entry<R>>(byRunAt);
      lane.heaps.set(priority, heap);
    }
    heap.push({ record, gen: record.gen, priority, runAt, seq: record.seq });
    this.tracked.add(record);
  }

  /** Drops a job from the index (it left the claimable states or was deleted). */
  untrack(record: R): void {
    if (!this.isTracked(record)) return;
    this.tracked.delete(record);
    record.gen++;
    this.live--;
    this.stale++;
    if (this.stale > 4096 && this.stale > this.live) this.compact();
  }

  isTracked(record: R): boolean {
    return this.tracked.has(record);
  }

  /**
   * Yields due jobs (runAt <= now) best first: priority, then runAt, then insertion. Each yielded job
   * is removed from the index; the caller moves it out of the claimable states (claim or misfire).
   */
  *takeDue(filter: DueFilter, now: number): Generator<R> {
    const heaps = this.heapsFor(filter);
    for (;;) {
      let best: MinHeap<Entry<R>> | null = null;
      let bestTop: Entry<R> | null = null;
      for (const heap of heaps) {
        const top = this.validTop(heap);
        if (top === undefined || top.runAt > now) continue;
        if (bestTop === null || before(top, bestTop)) [best, bestTop] = [heap, top];
      }
      if (best === null || bestTop === null) return;
      best.pop();
      this.tracked.delete(bestTop.record);
      bestTop.record.gen++;
      this.live--;
      yield bestTop.record;
    }
  }

  /** The earliest runAt among indexed jobs the filter admits, or null. */
  earliest(filter: DueFilter): number | null {
    let min: number | null = null;
    for (const heap of this.heapsFor(filter)) {
      const top = this.validTop(heap);
      if (top !== undefined && (min === null || top.runAt < min)) min = top.runAt;
    }
    return min;
  }

  private heapsFor(filter: DueFilter): MinHeap<Entry<R>>[] {
    const heaps: MinHeap<Entry<R>>[] = [];
    for (const lane of this.lanes.values()) {
      if (filter.namespace !== null && lane.namespace !== filter.namespace) continue;
      if (filter.queues !== null && !filter.queues.has(lane.queue)) continue;
      if (filter.handlers !== null && !filter.handlers.has(lane.handler)) continue;
      if (filter.isPaused(lane.namespace, lane.queue)) continue;
      for (const heap of lane.heaps.values()) heaps.push(heap);
    }
    return heaps;
  }

  private validTop(heap: MinHeap<Entry<R>>): Entry<R> | undefined {
    for (;;) {
      const top = heap.peek();
      if (top === undefined || top.gen === top.record.gen) return top;
      heap.pop();
      this.stale--;
    }
  }

  private compact(): void {
    for (const [key, lane] of this.lanes) {
      for (const [priority, heap] of lane.heaps) {
        heap.filter((e) => e.gen === e.record.gen);
        if (heap.size === 0) lane.heaps.delete(priority);
      }
      if (lane.heaps.size === 0) this.lanes.delete(key);
    }
    this.stale = 0;
  }
}
