import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { EventType } from '../../../src/gen/tickwork/v1/events_pb.js';
import { useEvents } from './event-feed.js';

/** Width of one bucket and how many are kept: 10 s × 36 = the last 6 minutes. */
export const BUCKET_MS = 10_000;
const BUCKETS = 36;

export interface Bucket {
  start: number;
  succeeded: number;
  failed: number;
  enqueued: number;
}

const ThroughputContext = createContext<Bucket[]>([]);

function emptyBuckets(now: number): Bucket[] {
  const last = Math.floor(now / BUCKET_MS) * BUCKET_MS;
  return Array.from({ length: BUCKETS }, (_, i) => ({
    start: last - (BUCKETS - 1 - i) * BUCKET_MS,
    succeeded: 0,
    failed: 0,
    enqueued: 0,
  }));
}

/** Shifts the window so its last bucket is the current one. */
function advance(buckets: Bucket[], now: number): Bucket[] {
  const last = Math.floor(now / BUCKET_MS) * BUCKET_MS;
  if (buckets.at(-1)!.start === last) return buckets;
  const kept = buckets.filter((b) => b.start > last - BUCKETS * BUCKET_MS);
  const fresh = emptyBuckets(now).filter((b) => !kept.some((k) => k.start === b.start));
  return [...kept, ...fresh].sort((a, b) => a.start - b.start).slice(-BUCKETS);
}

/**
 * Jobs finished and enqueued per 10 s, counted from the live feed since the page opened (the server
 * keeps rates in /metrics for Prometheus; the dashboard shows the recent past without one).
 */
export function ThroughputProvider({ children }: { children: ReactNode }) {
  const counts = useRef(emptyBuckets(Date.now()));
  const [snapshot, setSnapshot] = useState(counts.current);

  useEvents((event) => {
    const field =
      event.type === EventType.JOB_SUCCEEDED
        ? 'succeeded'
        : event.type === EventType.JOB_FAILED
          ? 'failed'
          : event.type === EventType.JOB_ADDED
            ? 'enqueued'
            : null;
    if (!field) return;
    counts.current = advance(counts.current, Date.now());
    const last = counts.current.at(-1)!;
    counts.current = [...counts.current.slice(0, -1), { ...last, [field]: last[field] + 1 }];
  });

  useEffect(() => {
    const timer = setInterval(() => {
      counts.current = advance(counts.current, Date.now());
      setSnapshot(counts.current);
    }, 1000);
    return () => clearInterval(timer);
  }, []);
  return <ThroughputContext.Provider value={snapshot}>{children}</ThroughputContext.Provider>;
}

export function useThroughput(): Bucket[] {
  return useContext(ThroughputContext);
}
