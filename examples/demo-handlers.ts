/**
 * The seeds' demo handlers as a `tickwork serve --handlers` module: `npm start` serves them on the
 * embedded default (./tickwork.db). Try, in another terminal:
 *
 *   npm run tickwork -- enqueue orders.cancel-if-unpaid '{"orderId":1}' --delay 30s --key order:1
 *   npm run tickwork -- jobs ls
 *   npm run tickwork -- schedules preview statistics.nightly-repair
 *   npm run tickwork -- schedules run statistics.nightly-repair
 *
 * The shop and the application database live in memory: three unpaid orders (ids 1-3) and twenty users
 * with articles and followings, fresh at each start.
 */
import type { Tickwork } from '../src/index.js';
import { openAppDb, seedAppDb } from './fix-statistics/app-db.js';
import { SqliteCounterCache } from './fix-statistics/counter-cache.js';
import { fixStatisticsHandler, scheduleNightlyRepair } from './fix-statistics/statistics.js';
import { cancelIfUnpaidHandler } from './order-timeout/orders.js';
import { Shop } from './order-timeout/shop.js';

export default async function register(tw: Tickwork): Promise<void> {
  const shop = new Shop();
  const keyboard = shop.addProduct('keyboard', 10);
  for (let i = 0; i < 3; i++) shop.createOrder(keyboard, 1);
  const appDb = openAppDb();
  seedAppDb(appDb);
  tw.register(cancelIfUnpaidHandler(shop), fixStatisticsHandler(appDb, new SqliteCounterCache(appDb)));
  // The static schedule, declared at every start: its id is stable, so it is updated, never duplicated.
  await scheduleNightlyRepair(tw);
}
