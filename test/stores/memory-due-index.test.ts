import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/core/job.js';
import { DueIndex, type DueFilter, type JobRecord } from '../../src/stores/memory/due-index.js';

/** A seeded generator, so a failure reproduces. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const all: DueFilter = { namespace: null, queues: null, handlers: null, isPaused: () => false };

function record(seq: number, fields: Partial<Job>): JobRecord {
  const job = { namespace: 'n', queue: 'q', handler: 'h', priority: 0, runAt: 0, ...fields } as Job;
  return { job, seq, gen: 0 };
}

describe('memory DueIndex', () => {
  it('yields exactly the due jobs, in (priority, runAt, insertion) order, through re-indexing', () => {
    const rand = random(42);
    const index = new DueIndex();
    const live = new Map<number, JobRecord>();
    for (let seq = 0; seq < 3000; seq++) {
      const r = record(seq, {
        priority: Math.floor(rand() * 4),
        runAt: Math.floor(rand() * 1000),
        queue: rand() < 0.5 ? 'a' : 'b',
        handler: rand() < 0.5 ? 'x' : 'y',
      });
      index.track(r);
      live.set(seq, r);
      if (rand() < 0.2) {
        // Reschedule an earlier job, or drop it, as updates, claims and cancels do.
        const other = live.get(Math.floor(rand() * seq));
        if (other && rand() < 0.5) {
          other.job = { ...other.job, runAt: Math.floor(rand() * 1000), priority: Math.floor(rand() * 4) };
          index.track(other);
        } else if (other) {
          index.untrack(other);
          live.delete(other.seq);
        }
      }
    }
    const filter: DueFilter = { ...all, queues: new Set(['a']), handlers: new Set(['x', 'y']) };
    const now = 600;
    const expected = [...live.values()]
      .filter((r) => r.job.queue === 'a' && r.job.runAt <= now)
      .sort((p, q) => p.job.priority - q.job.priority || p.job.runAt - q.job.runAt || p.seq - q.seq)
      .map((r) => r.seq);
    const taken = [...index.takeDue(filter, now)].map((r) => r.seq);
    expect(taken).toEqual(expected);
    expect([...index.takeDue(filter, now)]).toEqual([]);
    const rest = [...live.values()].filter((r) => !(r.job.queue === 'a' && r.job.runAt <= now));
    expect(index.earliest(all)).toBe(Math.min(...rest.map((r) => r.job.runAt)));
  });

  it('skips lanes of paused queues and filtered namespaces', () => {
    const index = new DueIndex();
    index.track(record(1, { namespace: 'n1', queue: 'paused', runAt: 1 }));
    index.track(record(2, { namespace: 'n2', queue: 'q', runAt: 2 }));
    index.track(record(3, { namespace: 'n1', queue: 'q', runAt: 3 }));
    const filter: DueFilter = { ...all, namespace: 'n1', isPaused: (_ns, q) => q === 'paused' };
    expect(index.earliest(filter)).toBe(3);
    expect([...index.takeDue(filter, 10)].map((r) => r.seq)).toEqual([3]);
  });

  it('stays correct after compacting stale entries', () => {
    const index = new DueIndex();
    const records = Array.from({ length: 10_000 }, (_, i) => record(i, { runAt: i }));
    for (const r of records) index.track(r);
    for (const r of records.slice(0, 9_990)) index.untrack(r);
    expect(index.earliest(all)).toBe(9_990);
    expect([...index.takeDue(all, 20_000)].map((r) => r.seq)).toEqual(records.slice(9_990).map((r) => r.seq));
  });
});
