// With auth on: the dashboard's files are public, its API calls carry the token saved in Settings, and
// /metrics wants a token that grants admin:read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchChromium, screenshot } from './browser.js';
import { ensureDashboardBuilt } from './dashboard-build.js';
import { startServedTickwork, type ServedTickwork } from './served-tickwork.js';

const ADMIN = 'admin-token-0123456789abcdef';
const READER = 'reader-token-0123456789abcdef';
const AUTH = {
  tokens: [
    { name: 'admin', token: ADMIN, namespaces: ['*'], verbs: ['*'] },
    { name: 'reader', token: READER, namespaces: ['default'], verbs: ['jobs:read'] },
  ],
};
const WAIT = { timeout: 15_000 };

describe('dashboard and /metrics with auth on', () => {
  let tw: ServedTickwork;
  beforeAll(async () => {
    tw = await startServedTickwork({ env: { TICKWORK_AUTH: JSON.stringify(AUTH) }, token: ADMIN });
    await tw.client.jobs.enqueue('echo', { hello: 'auth' }, { queue: 'guarded' });
  });
  afterAll(async () => {
    await tw?.stop();
  });

  it('/metrics: 401 without a token, 403 without admin:read, 200 with it', async () => {
    const get = (token?: string) =>
      fetch(`${tw.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    const anonymous = await get();
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect((await get(READER)).status).toBe(403);
    const admin = await get(ADMIN);
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain('tickwork_jobs_enqueued_total{namespace="default",queue="guarded"} 1');
  });

  describe.skipIf(!hasChromium())('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      [browser] = await Promise.all([launchChromium(), ensureDashboardBuilt()]);
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('shows the refusal until a token is saved, then the data', async () => {
      const page = await browser.newPage();
      const response = await page.goto(`${tw.url}/dashboard/`);
      expect(response?.status()).toBe(200); // static files need no token
      await page
        .getByRole('alert')
        .getByText(/authorization/i)
        .first()
        .waitFor(WAIT);
      await screenshot(page, 'auth-refused');

      await page.getByText('Settings').click();
      await page.getByLabel('API token').fill(ADMIN);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.locator('tr[data-queue="guarded"]').waitFor(WAIT);
      await expect(page.evaluate('localStorage.getItem("tickwork.token")')).resolves.toBe(ADMIN);
      // The live feed works with the token too: a new job shows up without a reload.
      await page.locator('.live.on').waitFor(WAIT);
      await tw.client.jobs.enqueue('echo', null, { queue: 'guarded-2' });
      await page.locator('tr[data-queue="guarded-2"]').waitFor(WAIT);
      await page.close();
    });
  });
});
