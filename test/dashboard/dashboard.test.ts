// The dashboard in a real browser (Debian's Chromium through playwright-core) against a real
// `tickwork serve` child process holding jobs in every state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { every } from '../../src/triggers/index.js';
import { collectPageErrors, hasChromium, launchChromium, screenshot } from './browser.js';
import { ensureDashboardBuilt } from './dashboard-build.js';
import { startServedTickwork, untilState, type ServedTickwork } from './served-tickwork.js';

const WAIT = { timeout: 15_000 };

interface Seeded {
  succeeded: string[];
  failed: string;
  running: string;
  cancelled: string;
  paused: string;
  scheduled: string;
  queued: string;
}

/** One job in each state, a paused queue holding a queued job, and a schedule. */
async function seed(tw: ServedTickwork): Promise<Seeded> {
  const { jobs, admin, schedules } = tw.client;
  const succeeded = [];
  for (const orderId of [1, 2, 3]) succeeded.push((await jobs.enqueue('echo', { orderId })).id);
  const failed = (await jobs.enqueue('fail', { orderId: 4 })).id;
  const running = (await jobs.enqueue('hold', { orderId: 5 }, { queue: 'slow' })).id;
  const cancelled = (await jobs.enqueue('echo', { orderId: 6 }, { delay: '1h' })).id;
  await jobs.cancel({ id: cancelled }, 'seeded');
  const paused = (await jobs.enqueue('echo', { orderId: 7 }, { paused: true })).id;
  const scheduled = (await jobs.enqueue('echo', { orderId: 8 }, { delay: '1h', queue: 'later' })).id;
  await admin.pauseQueue('held');
  const queued = (await jobs.enqueue('echo', { orderId: 9 }, { queue: 'held' })).id;
  await schedules.upsert({ id: 'reports.hourly', trigger: every('1h'), handler: 'echo', payload: { report: true } });
  await Promise.all([
    ...succeeded.map((id) => untilState(tw.client, id, 'succeeded')),
    untilState(tw.client, failed, 'failed'),
    untilState(tw.client, running, 'running'),
  ]);
  return { succeeded, failed, running, cancelled, paused, scheduled, queued };
}

describe.skipIf(!hasChromium())('dashboard in Chromium', () => {
  let tw: ServedTickwork;
  let browser: Browser;
  let context: BrowserContext;
  let jobs: Seeded;
  const errors: string[] = [];

  async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await context.newPage();
    await page.setViewportSize(viewport);
    collectPageErrors(page, errors);
    await page.goto(`${tw.url}/dashboard${path}`);
    await page.locator('.live.on').waitFor(WAIT); // the event stream is open
    return page;
  }

  beforeAll(async () => {
    const built = ensureDashboardBuilt();
    tw = await startServedTickwork();
    [jobs, browser] = await Promise.all([seed(tw), launchChromium(), built]);
    context = await browser.newContext();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await tw?.stop();
  });

  it('overview: every queue with its counts by state, charts and workers, on a laptop and a phone', async () => {
    const page = await open('/');
    const row = (queue: string) => page.locator(`tr[data-queue="${queue}"]`);
    await row('default').locator('td[data-state="succeeded"]').getByText('3', { exact: true }).waitFor(WAIT);
    await expect(row('default').locator('td[data-state="failed"]').innerText()).resolves.toBe('1');
    await expect(row('slow').locator('td[data-state="running"]').innerText()).resolves.toBe('1');
    await expect(row('held').locator('td[data-state="queued"]').innerText()).resolves.toBe('1');
    await row('held').locator('th .badge').getByText('paused').waitFor(WAIT);
    await expect(row('later').locator('td[data-state="scheduled"]').innerText()).resolves.toBe('1');
    await page.getByRole('img', { name: /Throughput/ }).waitFor(WAIT);
    // The worker running the held job, with its load.
    await page.getByRole('heading', { name: 'Workers' }).waitFor(WAIT);
    await page.locator('tr[data-worker-id] td[data-load="1/10"]').waitFor(WAIT);
    await screenshot(page, 'overview');

    await page.getByRole('button', { name: /Switch to dark theme/ }).click();
    await expect(page.evaluate('document.documentElement.dataset.theme')).resolves.toBe('dark');
    await screenshot(page, 'overview-dark');
    await page.getByRole('button', { name: /Switch to light theme/ }).click();
    await page.close();

    const phone = await open('/', { width: 390, height: 844 });
    await phone.locator('tr[data-queue="default"]').waitFor(WAIT);
    // Usable on a phone: the page itself does not scroll sideways (wide tables scroll in their own box).
    const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phone, 'overview-phone');
    await phone.close();
  });

  it('jobs: filters by state, queue and payload text, and pages', async () => {
    const page = await open('/jobs');
    await page.locator('tr[data-job-id]').first().waitFor(WAIT);
    await expect(page.locator('tr[data-job-id]').count()).resolves.toBe(9);

    await page.getByLabel('State', { exact: true }).selectOption('failed');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/state=failed/);
    await page.locator(`tr[data-job-id="${jobs.failed}"]`).waitFor(WAIT);
    await expect(page.locator('tr[data-job-id]').count()).resolves.toBe(1);

    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Payload contains').fill('"orderId":2');
    await page.getByLabel('Queue', { exact: true }).fill('default');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator(`tr[data-job-id="${jobs.succeeded[1]}"]`).waitFor(WAIT);
    await expect(page.locator('tr[data-job-id]').count()).resolves.toBe(1);
    await screenshot(page, 'jobs-filtered');

    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Handler', { exact: true }).fill('echo');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/handler=echo/);
    await page.locator(`tr[data-job-id="${jobs.paused}"]`).waitFor(WAIT);
    await expect(page.locator('tr[data-job-id]').count()).resolves.toBe(7);
    await screenshot(page, 'jobs');

    // Paging: 55 more jobs, pages of 50, by cursor.
    const many = Array.from({ length: 55 }, (_, i) => ({
      handler: 'echo',
      payload: { i },
      options: { queue: 'many', paused: true },
    }));
    await tw.client.jobs.enqueueMany(many);
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Queue', { exact: true }).fill('many');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/queue=many/);
    const rows = page.locator('tr[data-job-id]');
    await page.getByText('page 1').waitFor(WAIT);
    await expect.poll(() => rows.count(), WAIT).toBe(50);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('page 2').waitFor(WAIT);
    await expect.poll(() => rows.count(), WAIT).toBe(5);
    await expect(page.getByRole('button', { name: 'Next page' }).isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => rows.count(), WAIT).toBe(50);
    await page.close();
  });

  it('opens a job: payload, result, attempts and the timeline; a failed one shows its error and stack', async () => {
    const page = await open('/jobs?state=succeeded');
    await page.getByRole('link', { name: jobs.succeeded[0] }).click();
    await page.waitForURL(new RegExp(`/jobs/${jobs.succeeded[0]}$`));
    await page.getByRole('heading', { name: 'Payload' }).waitFor(WAIT);
    await expect(page.locator('dd[data-fact="state"]').innerText()).resolves.toBe('succeeded');
    await expect(page.locator('dd[data-fact="attempts"]').innerText()).resolves.toBe('1 of 3');
    const result = page.locator('section[aria-labelledby="result-title"] pre');
    await expect(result.innerText().then((t) => JSON.parse(t) as unknown)).resolves.toEqual({ orderId: 1 });
    const timeline = page.getByRole('list', { name: 'State changes' }).locator('li');
    await expect(timeline.evaluateAll((items) => items.map((li) => li.getAttribute('data-event')))).resolves.toEqual([
      'job.added',
      'job.started',
      'job.succeeded',
    ]);
    await screenshot(page, 'job-detail');

    await page.goto(`${tw.url}/dashboard/jobs/${jobs.failed}`);
    await page.getByRole('heading', { name: 'Error' }).waitFor(WAIT);
    await page.getByText('NonRetryableError').first().waitFor(WAIT);
    await page.getByText('card declined').first().waitFor(WAIT);
    await expect(page.locator('pre.stack').innerText()).resolves.toContain('handlers.ts');
    await screenshot(page, 'job-failed');
    await page.close();
  });

  it('cancels a running job; another open page sees the change live, without a reload', async () => {
    const watcher = await open('/jobs?state=running');
    await watcher.locator(`tr[data-job-id="${jobs.running}"]`).waitFor(WAIT);
    const overview = await open('/');
    await overview.locator('tr[data-queue="slow"] td[data-state="running"]').getByText('1').waitFor(WAIT);

    const page = await open(`/jobs/${jobs.running}`);
    await expect(page.locator('dd[data-fact="state"]').innerText()).resolves.toBe('running');
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel' });
    await dialog.getByText(/running attempt is aborted/).waitFor(WAIT);
    await dialog.getByRole('button', { name: 'Confirm cancel' }).click();
    await page.locator('dd[data-fact="state"]').getByText('cancelled').waitFor(WAIT);
    await page.locator('li[data-event="job.cancelled"]').waitFor(WAIT);

    // The other pages learned it from the event stream.
    await watcher.locator(`tr[data-job-id="${jobs.running}"]`).waitFor({ state: 'detached', ...WAIT });
    await overview.locator('tr[data-queue="slow"] td[data-state="cancelled"]').getByText('1').waitFor(WAIT);
    await overview.locator('tr[data-queue="slow"] td[data-state="running"]').getByText('0').waitFor(WAIT);
    await expect((await tw.client.jobs.get({ id: jobs.running })).state).toBe('cancelled');
    await screenshot(page, 'job-cancelled');
    for (const p of [watcher, overview, page]) await p.close();
  });

  it('live: a job enqueued elsewhere appears in an open list', async () => {
    const page = await open('/jobs?queue=fresh');
    await page.getByText('No job matches.').waitFor(WAIT);
    const job = await tw.client.jobs.enqueue('echo', { fresh: true }, { queue: 'fresh' });
    await page.locator(`tr[data-job-id="${job.id}"]`).waitFor(WAIT);
    await page.locator(`tr[data-job-id="${job.id}"] [data-state="succeeded"]`).waitFor(WAIT);
    await page.close();
  });

  it('schedules: trigger in words and spec, next five fires; pausing one', async () => {
    const page = await open('/schedules');
    const row = page.locator('tr[data-schedule-id="reports.hourly"]');
    await row.getByText('every 1 h').waitFor(WAIT);
    await screenshot(page, 'schedules');

    await row.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('dialog', { name: 'Pause' }).getByRole('button', { name: 'Confirm pause' }).click();
    await row.getByText('paused').first().waitFor(WAIT);
    await expect((await tw.client.schedules.get('reports.hourly')).paused).toBe(true);

    await row.getByRole('link', { name: 'reports.hourly' }).click();
    await page.locator('dd[data-fact="status"]').getByText('paused').waitFor(WAIT);
    await expect(page.locator('ol.fire-times li').count()).resolves.toBe(5);
    await expect(page.locator('section[aria-labelledby="spec-title"] pre').innerText()).resolves.toContain(
      '"interval"',
    );
    await screenshot(page, 'schedule-detail');
    await page.close();
  });

  it('bulk: retries the selected rows; deletes every job a filter matches, over several pages', async () => {
    const page = await open('/jobs?state=cancelled');
    await page.locator('tr[data-job-id]').first().waitFor(WAIT);
    const ids = await page
      .locator('tr[data-job-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-job-id')));
    expect(ids.sort()).toEqual([jobs.cancelled, jobs.running].sort());
    await page.getByLabel(`Select job ${jobs.cancelled}`).check();
    await page.getByLabel('Bulk action', { exact: true }).selectOption('retry');
    await page.getByRole('button', { name: 'Retry jobs' }).click();
    await page.getByRole('dialog', { name: 'Retry jobs' }).getByRole('button', { name: 'Confirm retry jobs' }).click();
    await page.getByText('Retry: 1 done.').waitFor(WAIT);
    await page.locator(`tr[data-job-id="${jobs.cancelled}"]`).waitFor({ state: 'detached', ...WAIT });
    expect((await tw.client.jobs.get({ id: jobs.cancelled })).state).not.toBe('cancelled');

    await page.goto(`${tw.url}/dashboard/jobs?queue=many`);
    await page.locator('tr[data-job-id]').first().waitFor(WAIT);
    await page.getByLabel('Bulk action', { exact: true }).selectOption('delete');
    await page.getByLabel('Apply to', { exact: true }).selectOption('filter');
    await page.getByRole('button', { name: 'Delete jobs' }).click();
    await page
      .getByRole('dialog', { name: 'Delete jobs' })
      .getByRole('button', { name: 'Confirm delete jobs' })
      .click();
    await page.getByText('Delete: 55 done.').waitFor(WAIT);
    await page.getByText('No job matches.').waitFor(WAIT);
    expect((await tw.client.jobs.list({ queues: ['many'] })).items).toEqual([]);
    await page.close();
  });

  it('reported no errors in any page', () => {
    expect(errors).toEqual([]);
  });
});
