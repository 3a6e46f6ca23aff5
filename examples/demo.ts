/**
 * The embedded demo: the seeds' two stories on the default SQLite store, with time compressed so the
 * whole tour takes a few seconds. Run: `npm run demo` (set DEMO_DB to keep the file somewhere).
 *
 * 1. Order timeout: four orders are placed, each with a cancellation due "30 minutes" later (3 s here)
 *    under key order:<id>. Two are paid, which cancels their jobs by key; the other two are cancelled
 *    by the job, and their stock comes back.
 * 2. Statistics repair: the nightly 03:00 Asia/Shanghai schedule is declared, its next fire times are
 *    shown, and it is run once now; the cached counters then equal what SQL counts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tickwork, type JobEvent } from '../src/index.js';
import { openAppDb, seedAppDb, countFromSql } from './fix-statistics/app-db.js';
import { SqliteCounterCache } from './fix-statistics/counter-cache.js';
import { fixStatisticsHandler, scheduleNightlyRepair } from './fix-statistics/statistics.js';
import { cancelIfUnpaidHandler, payOrder, placeOrder } from './order-timeout/orders.js';
import { Shop } from './order-timeout/shop.js';

const dir = mkdtempSync(join(tmpdir(), 'tickwork-demo-'));
const dbPath = process.env.DEMO_DB ?? join(dir, 'tickwork.db');
const say = (text: string) => console.log(`[${new Date().toISOString().slice(11, 23)}] ${text}`);

const shop = new Shop();
const appDb = openAppDb();
seedAppDb(appDb);
const cache = new SqliteCounterCache(appDb);

const tw = await Tickwork.open({ store: dbPath, logger: false });
tw.register(cancelIfUnpaidHandler(shop), fixStatisticsHandler(appDb, cache));
tw.on('job.succeeded', (e) => {
  const { handler, jobId, data } = e as JobEvent;
  say(`job ${handler} ${jobId.slice(0, 13)}… succeeded: ${JSON.stringify(data)}`);
});
tw.on('job.cancelled', (e) => say(`job ${(e as JobEvent).handler} ${(e as JobEvent).jobId.slice(0, 13)}… cancelled`));
tw.start();
say(`tickwork is running on the embedded SQLite store at ${dbPath}`);

// ── 1. Order timeout ────────────────────────────────────────────────────────────────────────────────
const product = shop.addProduct('keyboard', 10);
say(`stock of the keyboard: ${shop.stock(product)}`);
const orders = [];
for (let i = 0; i < 4; i++) orders.push(await placeOrder(tw, shop, product, 2, '3s'));
say(
  `placed orders ${orders.map((o) => o.id).join(', ')}; stock now ${shop.stock(product)}; each cancels itself in "30 min" (3 s)`,
);
for (const order of orders.slice(0, 2)) {
  await payOrder(tw, shop, order.id);
  say(`order ${order.id} paid: its timeout job is cancelled by key order:${order.id}`);
}
const lastJob = await tw.jobs.findByKey(`order:${orders[3]!.id}`);
await tw.jobs.wait(lastJob!.id);
say(
  `orders now: ${orders.map((o) => `${o.id}=${shop.order(o.id)!.status}`).join(', ')}; stock back to ${shop.stock(product)}`,
);

// ── 2. Statistics repair ─────────────────────────────────────────────────────────────────────────────
const schedule = await scheduleNightlyRepair(tw);
const next = await tw.schedules.preview(schedule.id, 3);
say(`schedule ${schedule.id}: next fires ${next.map((d) => d.toISOString()).join(', ')} (03:00 Asia/Shanghai)`);
const run = await tw.schedules.runNow(schedule.id);
await tw.jobs.wait(run.id);
const truth = countFromSql(appDb);
const cached = await cache.read('count:user:articles');
const agree = [...truth.articles].every(([u, n]) => cached.get(u) === n) && cached.size === truth.articles.size;
say(`cached article counters ${agree ? 'equal' : 'DIFFER FROM'} the SQL counts for ${truth.articles.size} users`);

await tw.close();
shop.close();
appDb.close();
if (!process.env.DEMO_DB) rmSync(dir, { recursive: true, force: true });
say('done');
