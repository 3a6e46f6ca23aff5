import type { TickworkEvent } from '../../core/events.js';

type Listener = (events: TickworkEvent[]) => void;

/**
 * The `onEvents` registry every store keeps. A store calls `emit` once per committed step, after the
 * commit, with that step's events in order. Listeners only learn: one that throws is reported as a
 * process warning and neither undoes the step nor stops delivery to the others.
 */
export class EventListeners {
  private readonly listeners = new Set<Listener>();

  add(listener: Listener): () => void {
    const entry: Listener = (events) => listener(events);
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  }

  get size(): number {
    return this.listeners.size;
  }

  emit(events: TickworkEvent[]): void {
    if (events.length === 0 || this.listeners.size === 0) return;
    for (const listener of [...this.listeners]) {
      try {
        listener(events);
      } catch (error) {
        process.emitWarning(`a tickwork store event listener threw: ${String(error)}`, 'TickworkListenerWarning');
      }
    }
  }
}
