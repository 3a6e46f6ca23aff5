import type { HotTier } from '../../hot/hot-tier.js';
import type { Store } from '../../stores/store.js';
import type { Pinger } from './round-trips.js';

/** A tiered store's parts (src/stores/tiered): PostgreSQL and the Redis hot tier, pinged apart. */
interface TieredParts {
  pg: Store;
  hot: HotTier;
}

function isTiered(store: Store): store is Store & TieredParts {
  const s = store as Partial<TieredParts>;
  return typeof s.pg?.nextScheduleDueAt === 'function' && typeof s.hot?.getJob === 'function';
}

/**
 * One cheap round trip per dependency of `store`: an indexed read of the next schedule due for a
 * store (`sqlite`, `postgres`, `memory`), and for a tiered store PostgreSQL and Redis apart (a read of
 * a job that does not exist is one Redis command).
 */
export function storePingers(store: Store): Pinger[] {
  if (!isTiered(store)) return [{ target: store.kind, ping: () => store.nextScheduleDueAt() }];
  const probe = { namespace: 'tickwork.ping', queue: 'ping', id: 'ping' };
  return [
    { target: 'postgres', ping: () => store.pg.nextScheduleDueAt() },
    { target: 'redis', ping: () => store.hot.getJob(probe, Date.now()) },
  ];
}
