import type { QueueRef } from '../hot-tier.js';

/** Items of one queue with their positions in the caller's array (results go back in input order). */
export interface QueueGroup<T> {
  queue: QueueRef;
  items: T[];
  positions: number[];
}

/** Splits a batch by queue, keeping each queue's items in input order. */
export function groupByQueue<T extends QueueRef>(items: readonly T[]): QueueGroup<T>[] {
  const groups = new Map<string, QueueGroup<T>>();
  items.forEach((item, position) => {
    // JSON of the pair: no separator can make two different (namespace, queue) pairs collide.
    const id = JSON.stringify([item.namespace, item.queue]);
    let group = groups.get(id);
    if (!group) {
      group = { queue: { namespace: item.namespace, queue: item.queue }, items: [], positions: [] };
      groups.set(id, group);
    }
    group.items.push(item);
    group.positions.push(position);
  });
  return [...groups.values()];
}
