import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { launchChromium, skipBrowser } from './browser.ts';
import { startDashboardServer, type DashboardServer } from './dashboard-server.ts';
import { EXPECTED, sampleFlowLog, WINDOW_A } from './sample-flows.ts';

const TOKEN = 'e2e-secret-token';
const GRAPH = `/?view=graph&start=${WINDOW_A.start}&stop=${WINDOW_A.stop}`;

/**
 * Chromium logs every refused fetch as a console error. Only the dashboard's own API calls
 * answered 401 are expected here; anything else (another status, another URL) is a failure.
 */
function isExpected401(m: ConsoleMessage, base: string): boolean {
  return (
    m.text().startsWith('Failed to load resource: the server responded with a status of 401') &&
    m.location().url.startsWith(`${base}/api/v1/explore/graph?`)
  );
}

describe(
  'dashboard behind a bearer token in headless Chromium',
  { skip: skipBrowser && 'FLOWLENS_SKIP_BROWSER=1' },
  () => {
    let server: DashboardServer;
    let browser: Browser;
    let page: Page;
    const errors: string[] = [];
    let refused = 0;

    before(async () => {
      browser = await launchChromium();
      server = await startDashboardServer(sampleFlowLog(), { token: TOKEN });
      page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      page.on('console', (m) => {
        if (m.type() !== 'error') {
          return;
        }
        if (isExpected401(m, server.url)) {
          refused++;
          return;
        }
        errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    const status = () => page.getByTestId('status');
    const tokenField = () => page.getByLabel('Bearer token');

    async function enterToken(token: string): Promise<void> {
      await tokenField().fill(token);
      await tokenField().press('Enter');
    }

    it('should say a token is required when none is entered', async () => {
      await page.goto(`${server.url}${GRAPH}`);
      await status().filter({ hasText: 'Token required' }).waitFor({ timeout: 60_000 });
      assert.equal(await status().getAttribute('data-state'), 'error');
      assert.equal(await status().getAttribute('data-error'), 'token');
      assert.equal(await status().getAttribute('role'), 'alert');
      assert.match((await status().textContent()) ?? '', /token field/);
      assert.equal(await page.getByTestId('node-count').count(), 0);
    });

    it('should load the graph once the token is entered, and keep it for the tab', async () => {
      await enterToken(TOKEN);
      const nodes = page.getByTestId('node-count');
      await nodes.waitFor({ timeout: 60_000 });
      assert.equal(await nodes.textContent(), String(EXPECTED.a.nodes));
      assert.equal(await page.getByTestId('link-count').textContent(), String(EXPECTED.a.links));
      assert.equal(await status().isHidden(), true);
      assert.equal(await page.evaluate(() => sessionStorage.getItem('flowlens.token')), TOKEN);
      await page.reload();
      await nodes.waitFor({ timeout: 60_000 });
      assert.equal(await nodes.textContent(), String(EXPECTED.a.nodes));
    });

    it('should say the token was rejected when it is wrong', async () => {
      await enterToken('not-the-token');
      await status().filter({ hasText: 'Token rejected' }).waitFor({ timeout: 60_000 });
      assert.equal(await status().getAttribute('data-error'), 'token');
      assert.equal(await page.getByTestId('node-count').count(), 0);
      assert.equal(
        await page.evaluate(() => sessionStorage.getItem('flowlens.token')),
        'not-the-token',
      );
    });

    it('should log no console errors but the two refused API calls', () => {
      assert.deepEqual(errors, []);
      assert.equal(refused, 2);
    });
  },
);
