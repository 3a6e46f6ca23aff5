import type Database from 'better-sqlite3';
import { cron, defineHandler, type Tickwork } from '../../src/index.js';
import { countFromSql } from './app-db.js';
import type { CounterCache } from './counter-cache.js';

export const FIX_STATISTICS = 'statistics.fix';

/** Recomputes every user's article and following counts from SQL and replaces the cached sets. */
export function fixStatisticsHandler(db: Database.Database, cache: CounterCache) {
  return defineHandler<null, { users: number }>(FIX_STATISTICS, async () => {
    const { articles, followings } = countFromSql(db);
    await cache.replace('count:user:articles', articles);
    await cache.replace('count:user:followings', followings);
    return { users: new Set([...articles.keys(), ...followings.keys()]).size };
  });
}

/**
 * The static schedule (known before the app starts): every day at 03:00 Shanghai time. Upserting it at
 * every start-up is safe: the id is stable, and an unchanged trigger keeps its place.
 */
export function scheduleNightlyRepair(tw: Tickwork) {
  return tw.schedules.upsert({
    id: 'statistics.nightly-repair',
    trigger: cron('0 3 * * *', { timezone: 'Asia/Shanghai' }),
    handler: FIX_STATISTICS,
    misfireGrace: '1h',
    overlap: 'skip',
  });
}
