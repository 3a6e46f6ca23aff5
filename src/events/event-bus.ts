import { isJobEvent, type JobEventType, type ScheduleEventType, type TickworkEvent } from '../core/events.js';

/** Which events a subscription receives; every field that is set must match. */
export interface EventFilter {
  types?: (JobEventType | ScheduleEventType)[];
  namespace?: string;
  jobId?: string;
  scheduleId?: string;
  queues?: string[];
}

export interface Subscription {
  close(): void;
  [Symbol.dispose](): void;
}

type Listener = (event: TickworkEvent) => void;

/**
 * In-process typed event feed. Listeners run synchronously in publish order; one that throws is
 * reported to `onListenerError` and never stops delivery to the others (a watcher's bug must not break
 * the worker that published). Events here are a feed, never a source of truth: the store is.
 */
export class EventBus {
  private readonly subscriptions = new Set<{ filter: EventFilter; listener: Listener }>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  publish(events: readonly TickworkEvent[]): void {
    if (this.subscriptions.size === 0) return;
    for (const event of events) {
      for (const sub of this.subscriptions) {
        if (!matches(sub.filter, event)) continue;
        try {
          sub.listener(event);
        } catch (error) {
          this.onListenerError(error);
        }
      }
    }
  }

  subscribe(filter: EventFilter, listener: Listener): Subscription {
    const entry = { filter, listener };
    this.subscriptions.add(entry);
    const close = () => void this.subscriptions.delete(entry);
    return { close, [Symbol.dispose]: close };
  }

  get size(): number {
    return this.subscriptions.size;
  }
}

export function matches(filter: EventFilter, event: TickworkEvent): boolean {
  if (filter.types && !filter.types.includes(event.type)) return false;
  if (filter.namespace !== undefined && filter.namespace !== event.namespace) return false;
  if (isJobEvent(event)) {
    if (filter.jobId !== undefined && filter.jobId !== event.jobId) return false;
    if (filter.scheduleId !== undefined) return false;
    if (filter.queues && !filter.queues.includes(event.queue)) return false;
  } else {
    if (filter.scheduleId !== undefined && filter.scheduleId !== event.scheduleId) return false;
    if (filter.jobId !== undefined || filter.queues) return false;
  }
  return true;
}
