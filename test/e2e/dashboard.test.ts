import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { flowLine, subscriptionJson } from '../../src/live/live-test-kit.ts';
import { launchChromium, skipBrowser } from './browser.ts';
import { startDashboardServer, type DashboardServer } from './dashboard-server.ts';
import { EXPECTED, sampleFlowLog, WEB, WINDOW_A, WINDOW_B } from './sample-flows.ts';

/** The page's test hook (web/views/graph-panel.ts). */
type HookedWindow = { flowlensCanvas: { nodeViewport(key: string): { x: number; y: number } } };

const SHOTS = 'test-output/screenshots';

describe(
  'dashboard in headless Chromium',
  { skip: skipBrowser && 'FLOWLENS_SKIP_BROWSER=1' },
  () => {
    let server: DashboardServer;
    let browser: Browser;
    const errors: string[] = [];

    before(async () => {
      browser = await launchChromium();
      server = await startDashboardServer(sampleFlowLog(), { live: true });
      await mkdir(SHOTS, { recursive: true });
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    async function open(path: string): Promise<Page> {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      page.on('console', (m) => m.type() === 'error' && errors.push(`${path}: ${m.text()}`));
      page.on('pageerror', (e) => errors.push(`${path}: ${e.message}`));
      page.on('request', (r) => {
        if (!r.url().startsWith(server.url) && !/^(data|blob):/.test(r.url())) {
          errors.push(`${path}: external request ${r.url()}`);
        }
      });
      await page.goto(`${server.url}${path}`);
      return page;
    }

    const text = (page: Page, id: string) =>
      page.locator(`[data-testid="${id}"]`).first().textContent({ timeout: 60_000 });

    it('should show the graph of a window with its node and link counts', async () => {
      const page = await open(`/?view=graph&start=${WINDOW_A.start}&stop=${WINDOW_A.stop}`);
      assert.equal(await text(page, 'node-count'), String(EXPECTED.a.nodes));
      assert.equal(await text(page, 'link-count'), String(EXPECTED.a.links));
      await page.screenshot({ path: `${SHOTS}/graph.png` });
      await page.close();
    });

    it('should highlight a hovered node and its neighbours', async () => {
      const page = await open(`/?view=graph&start=${WINDOW_A.start}&stop=${WINDOW_A.stop}`);
      await text(page, 'node-count');
      await page.getByRole('button', { name: 'Freeze layout' }).click();
      const box = (await page.getByTestId('graph-stage').boundingBox())!;
      const at = await page.evaluate(
        (k) => (window as unknown as HookedWindow).flowlensCanvas.nodeViewport(k),
        WEB,
      );
      await page.mouse.move(box.x + at.x, box.y + at.y);
      const hl = page.getByTestId('highlight');
      await hl.filter({ hasText: WEB }).waitFor({ timeout: 5000 });
      assert.equal(await hl.getAttribute('data-node'), WEB);
      assert.equal(await hl.getAttribute('data-neighbours'), String(EXPECTED.a.webNeighbours));
      await page.screenshot({ path: `${SHOTS}/graph-hover.png` });
      await page.close();
    });

    it('should show the diff of two windows with added and removed counts', async () => {
      const q = `previous_start=${WINDOW_A.start}&previous_stop=${WINDOW_A.stop}&next_start=${WINDOW_B.start}&next_stop=${WINDOW_B.stop}`;
      const page = await open(`/?view=diff&${q}`);
      assert.equal(await text(page, 'diff-added'), String(EXPECTED.diff.added));
      assert.equal(await text(page, 'diff-removed'), String(EXPECTED.diff.removed));
      await text(page, 'node-count');
      await page.screenshot({ path: `${SHOTS}/diff.png` });
      await page.close();
    });

    it('should show the links between a set of IPs', async () => {
      const ips = EXPECTED.links.ips.join(',');
      const page = await open(`/?view=links&mode=correlate&ips=${ips}`);
      assert.equal(await text(page, 'node-count'), String(EXPECTED.links.nodes));
      assert.equal(await text(page, 'link-count'), String(EXPECTED.links.links));
      await page.screenshot({ path: `${SHOTS}/links.png` });
      await page.close();
    });

    it('should open an exported graph JSON with no server (static mode)', async () => {
      const res = await fetch(
        `${server.url}/api/v1/explore/graph?start=${WINDOW_A.start}&stop=${WINDOW_A.stop}`,
      );
      const file = join(tmpdir(), `flowlens-export-${process.pid}.json`);
      await writeFile(file, await res.text());
      const page = await open('/?view=map');
      await page.route(`${server.url}/api/**`, (r) => r.abort());
      await page.getByTestId('file-input').setInputFiles(file);
      assert.equal(await text(page, 'node-count'), String(EXPECTED.a.nodes));
      assert.equal(await page.getByTestId('mode').getAttribute('data-mode'), 'static');
      await page.close();
    });

    it('should show a flow posted to /ingest/cloudwatch on the live map within two seconds', async () => {
      const page = await open('/?view=map');
      await page
        .getByTestId('status')
        .filter({ hasText: 'Connected' })
        .waitFor({ timeout: 30_000 });
      const posted = Date.now();
      const res = await fetch(`${server.url}/ingest/cloudwatch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: subscriptionJson([flowLine('8.8.8.8', WEB), flowLine('81.2.69.142', WEB, 'REJECT')]),
      });
      assert.equal(res.status, 200);
      await page.getByTestId('feed').filter({ hasText: '81.2.69.142' }).waitFor({ timeout: 2000 });
      assert.ok(Date.now() - posted <= 2000, 'the flows reached the map within two seconds');
      assert.equal(await text(page, 'map-events'), '2');
      await page.getByTestId('map-countries').filter({ hasText: '2' }).waitFor({ timeout: 3000 });
      assert.match((await text(page, 'attribution')) ?? '', /DB-IP/);
      await page.screenshot({ path: `${SHOTS}/map.png` });
      await page.close();
    });

    it('should log no console errors and make no external requests', () => {
      assert.deepEqual(errors, []);
    });
  },
);
