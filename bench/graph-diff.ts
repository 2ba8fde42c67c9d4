/**
 * Diff of two saved graphs of N edges each (default 1 M): generates both as flowlens JSON
 * graphs under bench/.data/ (once), then diffs them in a fresh process and prints the time and
 * peak RSS of that process. Asserts nothing.
 *
 *   node --import tsx bench/graph-diff.ts [--edges N] [--format json|dot]
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import {
  createFlowGraph,
  mergeEdge,
  settleNodes,
  type FlowGraph,
} from '../src/graph/flow-graph.ts';
import { openGraphFile } from '../src/graph/graph-source.ts';
import { writeDotDiff } from '../src/graph/diff-dot.ts';
import { writeJsonDiff } from '../src/graph/diff-json.ts';
import { renderTo } from '../src/graph/render/index.ts';

const { values } = parseArgs({
  options: {
    edges: { type: 'string', default: '1000000' },
    format: { type: 'string', default: 'json' },
    child: { type: 'boolean', default: false },
    prev: { type: 'string' },
    next: { type: 'string' },
  },
});

/** Deterministic graph: edge i joins host i%5000 to host (i*7)%20011 on port i%1000. */
function generate(n: number, variant: 'prev' | 'next'): FlowGraph {
  const g = createFlowGraph({
    generator: 'flowlens',
    schema: 1,
    grouping: 'ip',
    endpoints: 'addr',
    ports: 'keep',
    weight: 'flows',
    pseudonymized: false,
  });
  const ip = (k: number) => `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`;
  for (let j = 0; j < n; j += 1) {
    // next drops the first 5 % of prev's edges and adds 5 % new ones; every 10th changes volume,
    // every 100th turns REJECT.
    const i = variant === 'next' ? j + Math.floor(n / 20) : j;
    const reject = variant === 'next' && i % 100 === 0;
    const bytes = 1000 + (variant === 'next' && i % 10 === 0 ? 500 : 0);
    const attrs = {
      account: '123456789010',
      eni: `eni-${(i % 64).toString(16).padStart(8, '0')}`,
      srcPort: 0,
      dstPort: i % 1000,
      protocol: 6,
      action: reject ? 'REJECT' : 'ACCEPT',
      flows: 1,
      packets: 10,
      bytes,
      start: 1_700_000_000,
      end: 1_700_000_060,
    };
    mergeEdge(
      g,
      { key: ip(i % 5000), kind: 'ip' },
      { key: ip(100_000 + ((i * 7) % 20011)), kind: 'ip' },
      attrs,
    );
  }
  settleNodes(g);
  return g;
}

async function save(path: string, n: number, variant: 'prev' | 'next'): Promise<void> {
  if (existsSync(path)) {
    return;
  }
  const out = createWriteStream(`${path}.tmp`);
  await renderTo(generate(n, variant), values.format === 'dot' ? 'dot' : 'json', out);
  out.end();
  await once(out, 'finish');
  const { rename } = await import('node:fs/promises');
  await rename(`${path}.tmp`, path);
}

async function child(prevPath: string, nextPath: string): Promise<void> {
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const started = process.hrtime.bigint();
  const [prev, next] = [await openGraphFile(prevPath), await openGraphFile(nextPath)];
  const write = values.format === 'dot' ? writeDotDiff : writeJsonDiff;
  const s = await write(prev, next, sink);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(
    `graph-diff ${values.format}: ${(ms / 1000).toFixed(2)} s, peak RSS ${rss.toFixed(0)} MiB ` +
      `(added ${s.addedEdges}, removed ${s.removedEdges}, changed ${s.changedEdges}, ` +
      `became rejected ${s.becameRejected.length})`,
  );
}

async function main(): Promise<void> {
  if (values.child) {
    await child(values.prev ?? '', values.next ?? '');
    return;
  }
  const n = Number(values.edges);
  const dir = new URL('./.data/', import.meta.url).pathname;
  await mkdir(dir, { recursive: true });
  const ext = values.format === 'dot' ? 'dot' : 'json';
  const [prev, next] = [`${dir}graph-${n}-prev.${ext}`, `${dir}graph-${n}-next.${ext}`];
  const t0 = Date.now();
  await save(prev, n, 'prev');
  await save(next, n, 'next');
  console.log(
    `graph-diff: inputs ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (${n} edges each)`,
  );
  const args = ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', '--format', ext];
  const res = spawnSync(process.execPath, [...args, '--prev', prev, '--next', next], {
    stdio: 'inherit',
  });
  process.exitCode = res.status ?? 1;
}

await main();
