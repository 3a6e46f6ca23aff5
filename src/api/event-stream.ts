import type { TickworkEvent } from '../core/events.js';
import type { Tickwork } from '../tickwork/tickwork.js';

export interface StreamedEvent {
  event: TickworkEvent;
  /** Matching events dropped just before this one because the consumer fell behind. */
  dropped: number;
}

/**
 * The events of one instance's namespace that pass `matches`, as an async iterable that ends when
 * `signal` aborts (the client went away, or the server is shutting down). Listeners on the bus run
 * synchronously inside the store's commit path, so this one only appends to a bounded buffer: a slow
 * client loses its oldest undelivered events (and is told how many), it never slows the server.
 */
export async function* streamEvents(
  tw: Tickwork,
  matches: (event: TickworkEvent) => boolean,
  signal: AbortSignal,
  bufferLimit = 10_000,
): AsyncGenerator<StreamedEvent> {
  const buffer: TickworkEvent[] = [];
  let dropped = 0;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const sub = tw.on({}, (event) => {
    if (!matches(event)) return;
    if (buffer.length >= bufferLimit) {
      buffer.shift();
      dropped++;
    }
    buffer.push(event);
    notify();
  });
  signal.addEventListener('abort', notify, { once: true });
  try {
    while (!signal.aborted) {
      if (buffer.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const event = buffer.shift()!;
      const lost = dropped;
      dropped = 0;
      yield { event, dropped: lost };
    }
  } finally {
    sub.close();
    signal.removeEventListener('abort', notify);
  }
}
