/**
 * Dashboard figures in headless Chromium (Debian's, see test/e2e/browser.ts) for a 10k-node,
 * 50k-edge graph opened as a JSON export: time to first render, frames drawn per second while the
 * force layout runs (idle, then while panning), one full redraw, one hover highlight, and frames
 * drawn per second while panning with the mouse (layout frozen). Every time includes the GPU: the
 * WebGL queues are drained with a one-pixel read-back, otherwise only the JavaScript that issues
 * draw calls is timed. Usage: node --import tsx bench/dashboard.ts [nodes] [edges]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
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

/**
 * Page-side helpers, as a string so the bundler's helpers are not needed in the page:
 * `gpuSync()` waits until every sigma WebGL context has finished drawing; `countRenders()`
 * counts the frames sigma draws until `stopCounting()`.
 */
const PAGE_HELPERS = `(() => {
  const canvas = () => window.flowlensCanvas;
  window.gpuSync = () => {
    for (const c of Object.values(canvas().renderer.getCanvases())) {
      const gl = c.getContext('webgl2') || c.getContext('webgl');
      if (gl) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
    }
  };
  window.renders_ = 0;
  window.countRenders = () => {
    window.renders_ = 0;
    window.onRender_ = () => window.renders_++;
    canvas().renderer.on('afterRender', window.onRender_);
  };
  window.stopCounting = () => {
    window.gpuSync();
    canvas().renderer.off('afterRender', window.onRender_);
    return window.renders_;
  };
  window.timed = (work) => {
    window.gpuSync();
    const t = performance.now();
    work(canvas());
    window.gpuSync();
    return performance.now() - t;
  };
})()`;

/** Frames sigma drew per second during `work`, GPU work included. */
async function framesPerSecond(page: Page, work: () => Promise<void>): Promise<number> {
  await page.evaluate('window.countRenders()');
  const started = Date.now();
  await work();
  const frames = (await page.evaluate('window.stopCounting()')) as number;
  return frames / ((Date.now() - started) / 1000);
}

/** Drags the stage in circles for three seconds. */
async function pan(page: Page): Promise<void> {
  const box = (await page.getByTestId('graph-stage').boundingBox())!;
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  const started = Date.now();
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; Date.now() - started < 3000; i++) {
    const a = i / 10;
    await page.mouse.move(cx + Math.cos(a) * 200, cy + Math.sin(a) * 150);
  }
  await page.mouse.up();
}

async function measure(page: Page, file: string): Promise<void> {
  const t0 = Date.now();
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('node-count').waitFor({ timeout: 120_000 });
  await page.evaluate(PAGE_HELPERS);
  await page.evaluate(
    'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(window.gpuSync()))))',
  );
  const firstRender = Date.now() - t0;
  const drawn = (await page.evaluate(
    '({ nodes: window.flowlensCanvas.graph.order, links: window.flowlensCanvas.graph.size, running: window.flowlensCanvas.isLayoutRunning() })',
  )) as { nodes: number; links: number; running: boolean };
  const layoutPanFps = await framesPerSecond(page, () => pan(page));
  const layoutFps = await framesPerSecond(page, () => page.waitForTimeout(3000));
  const stillRunning = (await page.evaluate('window.flowlensCanvas.isLayoutRunning()')) as boolean;
  const freeze = page.getByRole('button', { name: 'Freeze layout' });
  if (await freeze.isVisible()) {
    await freeze.click();
  }
  await page.evaluate('window.flowlensCanvas.setLayoutRunning(false)');
  await page.waitForTimeout(500);
  const redraw = (await page.evaluate('window.timed((c) => c.renderer.refresh())')) as number;
  const node = (await page.evaluate(
    '(() => { const g = window.flowlensCanvas.graph; let best = null; g.forEachNode((n) => { if (best === null || g.degree(n) > g.degree(best)) best = n; }); return best; })()',
  )) as string;
  const hover = (await page.evaluate(
    `window.timed((c) => c.highlight(${JSON.stringify(node)}))`,
  )) as number;
  await page.evaluate('window.timed((c) => c.highlight(null))');
  const panFps = await framesPerSecond(page, () => pan(page));
  console.log(
    `  graph of ${NODES} nodes, ${EDGES} edges (${drawn.nodes} nodes, ${drawn.links} links drawn)`,
  );
  console.log(
    `  time to first render            ${(firstRender / 1000).toFixed(2)} s (file → drawn)`,
  );
  console.log(
    `  frames per second, layout on    ${layoutFps.toFixed(1)} fps${drawn.running && stillRunning ? '' : ' (the layout was not running throughout)'}`,
  );
  console.log(`  panning fps while layout runs   ${layoutPanFps.toFixed(1)} fps`);
  console.log(`  one full redraw (refresh)       ${redraw.toFixed(0)} ms`);
  console.log(`  hover highlight of the hub      ${hover.toFixed(0)} ms`);
  console.log(`  frames per second while panning ${panFps.toFixed(1)} fps`);
  console.log('  (headless Chromium, software WebGL: SwiftShader; a real GPU is much faster)');
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
    await measure(page, file);
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
