import { useCallback, useEffect, useRef, useState } from 'react';
import type { Event } from '../../../src/gen/tickwork/v1/events_pb.js';
import { useEvents } from './event-feed.js';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/**
 * Loads with `load`, and loads again when an event passes `concerns` (at most once per `throttleMs`, so
 * a burst of events costs one read). Reads are the truth; events only say when to read.
 */
export function useLiveQuery<T>(
  load: () => Promise<T>,
  deps: unknown[],
  concerns: (event: Event) => boolean = () => true,
  throttleMs = 300,
  /** Also reload this often (ms), for what no event announces. [never] */
  pollMs?: number,
): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const run = useCallback(load, deps);
  useEffect(() => {
    let current = true;
    setLoading(true);
    run().then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (!current) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [run, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEvents((event) => {
    if (!concerns(event) || timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      reload();
    }, throttleMs);
  });
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  useEffect(() => {
    if (!pollMs) return;
    const interval = setInterval(reload, pollMs);
    return () => clearInterval(interval);
  }, [pollMs, reload]);
  return { data, error, loading, reload };
}
