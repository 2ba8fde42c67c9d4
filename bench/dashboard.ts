/**
 * Dashboard figures in headless Chromium (Debian's, see test/e2e/browser.ts): time to first render
 * of a 10k-node, 50k-edge graph opened as a JSON export, and frames per second while panning it
 * with the mouse (layout frozen). Usage: node --import tsx bench/dashboard.ts [nodes] [edges]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, skipBrowser } from '../test/e2e/browser.ts';
import { startDashboardServer } from '../test/e2e/dashboard-server.ts';

const NODES = Number(process.argv[2] ?? 10_000);
const EDGES = Number(process.argv[3] ?? 50_000);

/** A deterministic graph JSON (schema 1) with NODES IPs and EDGES distinct links. */
function bigGraph(): string {
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const nodes = Array.from({ length: NODES }, (_, i) => ({
    key: ip(i),
    attributes: { label: ip(i), kind: 'ip', flows: 1, packets: 1, bytes: 1 },
  }));
  const edges = [];
  const ports = [22, 80, 443, 3306, 5432, 8080];
  for (let i = 0; i < EDGES; i++) {
    // Preferential attachment-ish: a few hubs, many leaves, like real VPC traffic.
    const s = Math.floor(rnd() ** 2 * NODES);
    const t = i < NODES ? i : Math.floor(rnd() * NODES);
    const dstPort = ports[i % ports.length]!;
    const attributes = {
      srcPort: 40000 + (i % 20000),
      dstPort,
      protocol: 6,
      action: i % 17 === 0 ? 'REJECT' : 'ACCEPT',
      flows: 1 + (i % 9),
      packets: 10,
      bytes: 1000,
    };
    edges.push({ key: String(i), source: ip(s), target: ip(t), attributes });
  }
  return JSON.stringify({ attributes: { generator: 'flowlens', schema: 1 }, nodes, edges });
}

async function main(): Promise<void> {
  if (skipBrowser) {
    console.log('  dashboard: skipped (FLOWLENS_SKIP_BROWSER=1)');
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'flowlens-bench-'));
  const file = join(dir, 'big-graph.json');
  await writeFile(file, bigGraph());
  const server = await startDashboardServer('');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${server.url}/?view=graph`);
    await page.getByTestId('status').waitFor();
    const t0 = Date.now();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('node-count').waitFor({ timeout: 120_000 });
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    );
    const firstRender = Date.now() - t0;
    const drawn = await page.evaluate(() => {
      const c = (
        window as unknown as { flowlensCanvas: { graph: { order: number; size: number } } }
      ).flowlensCanvas;
      return { nodes: c.graph.order, links: c.graph.size };
    });
    const freeze = page.getByRole('button', { name: 'Freeze layout' });
    if (await freeze.isVisible()) {
      await freeze.click();
    }
    const renderMs = (await page.evaluate(
      `(() => { const c = window.flowlensCanvas; c.setLayoutRunning(false); const t = performance.now(); c.renderer.refresh(); return performance.now() - t; })()`,
    )) as number;
    const box = (await page.getByTestId('graph-stage').boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    // A string, so the bundler's helpers are not needed in the page.
    await page.evaluate(`(() => {
      window.frames_ = 0;
      window.counting_ = true;
      const tick = () => { window.frames_++; if (window.counting_) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    const started = Date.now();
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 0; Date.now() - started < 3000; i++) {
      const a = i / 10;
      await page.mouse.move(cx + Math.cos(a) * 200, cy + Math.sin(a) * 150);
    }
    await page.mouse.up();
    const frames = (await page.evaluate('window.counting_ = false, window.frames_')) as number;
    const fps = frames / ((Date.now() - started) / 1000);
    console.log(
      `  graph of ${NODES} nodes, ${EDGES} edges (${drawn.nodes} nodes, ${drawn.links} links drawn)`,
    );
    console.log(
      `  time to first render           ${(firstRender / 1000).toFixed(2)} s (file → drawn)`,
    );
    console.log(`  one full redraw (refresh)       ${renderMs.toFixed(0)} ms`);
    console.log(
      `  frames per second while panning ${fps.toFixed(1)} fps (headless Chromium, SwiftShader)`,
    );
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
