import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Event } from '../../../src/gen/tickwork/v1/events_pb.js';
import { eventsApi } from '../api/clients.js';

type Listener = (event: Event) => void;

interface Feed {
  /** Whether the stream is open now. */
  connected: boolean;
  subscribe(listener: Listener): () => void;
}

const FeedContext = createContext<Feed>({ connected: false, subscribe: () => () => {} });

/**
 * One EventService.Subscribe stream for the whole page, shared by every view that wants live updates.
 * It reconnects after a pause when the stream ends or fails (a restarted server, a dropped network), so
 * pages never need a manual refresh; views re-read what they show when an event concerns them.
 */
export function EventFeedProvider({ namespace, children }: { namespace: string; children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    const stop = new AbortController();
    void (async () => {
      let delay = 500;
      while (!stop.signal.aborted) {
        try {
          // Live from the call on: the server sends its headers with the first event only (connect-node
          // writes them after the first chunk), so an idle feed never says more than "not failed".
          const stream = eventsApi.subscribe({ namespace }, { signal: stop.signal });
          setConnected(true);
          for await (const message of stream) {
            delay = 500;
            if (message.event) for (const l of listeners.current) l(message.event);
          }
        } catch (error) {
          if (!stop.signal.aborted) console.warn('event stream failed; reconnecting', error);
        }
        // An aborted loop (the namespace changed, or React re-ran the effect) must not mark the new one down.
        if (stop.signal.aborted) break;
        setConnected(false);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 10_000);
      }
    })();
    return () => stop.abort();
  }, [namespace]);

  const feed: Feed = {
    connected,
    subscribe(listener) {
      listeners.current.add(listener);
      return () => listeners.current.delete(listener);
    },
  };
  return <FeedContext.Provider value={feed}>{children}</FeedContext.Provider>;
}

export function useFeedStatus(): boolean {
  return useContext(FeedContext).connected;
}

/** Calls `listener` for every event while the component is mounted (the latest listener, no resubscribe). */
export function useEvents(listener: Listener): void {
  const { subscribe } = useContext(FeedContext);
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => subscribe((e) => latest.current(e)), [subscribe]);
}
