/**
 * Diff of two saved graphs of N edges each (default 1 M): generates both as flowlens JSON (or
 * DOT) graphs under bench/.data/ (once), then diffs them in a fresh process and reports the
 * time and peak RSS of that process. Asserts nothing.
 *
 *   node --import tsx bench/graph-diff.ts [--edges N] [--format json|dot]
 *
 * `bench/run.ts` calls {@link runGraphDiffBench} instead.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

export interface GraphDiffBenchOptions {
  /** Edges per graph. @default 1_000_000 */
  readonly edges?: number;
  /** Saved-graph format and diff output. @default 'json' */
  readonly format?: 'json' | 'dot';
  /** Where the generated inputs are cached. @default bench/.data/ */
  readonly dir?: string;
}

export interface GraphDiffBenchResult {
  readonly edges: number;
  readonly format: 'json' | 'dot';
  /** Wall time of the diff alone (open both files, diff, write to a null sink). */
  readonly seconds: number;
  /** Peak resident set of the diffing process. */
  readonly peakRssMb: number;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly becameRejected: number;
}

const RESULT_PREFIX = 'graph-diff-result ';
const SELF = fileURLToPath(import.meta.url);

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

async function save(
  path: string,
  n: number,
  variant: 'prev' | 'next',
  format: 'json' | 'dot',
): Promise<void> {
  if (existsSync(path)) {
    return;
  }
  const out = createWriteStream(`${path}.tmp`);
  await renderTo(generate(n, variant), format, out);
  out.end();
  await once(out, 'finish');
  await rename(`${path}.tmp`, path);
}

/** Runs in the spawned process: diffs the two files and prints one result line. */
async function child(prevPath: string, nextPath: string, format: 'json' | 'dot'): Promise<void> {
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const started = process.hrtime.bigint();
  const [prev, next] = [await openGraphFile(prevPath), await openGraphFile(nextPath)];
  const write = format === 'dot' ? writeDotDiff : writeJsonDiff;
  const s = await write(prev, next, sink);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const result = {
    seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    added: s.addedEdges,
    removed: s.removedEdges,
    changed: s.changedEdges,
    becameRejected: s.becameRejected.length,
  };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** Generates the inputs (cached) and measures the diff in a fresh process. */
export async function runGraphDiffBench(
  options: GraphDiffBenchOptions = {},
): Promise<GraphDiffBenchResult> {
  const edges = options.edges ?? 1_000_000;
  const format = options.format ?? 'json';
  const dir = options.dir ?? fileURLToPath(new URL('./.data/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const [prev, next] = [
    join(dir, `graph-${edges}-prev.${format}`),
    join(dir, `graph-${edges}-next.${format}`),
  ];
  await save(prev, edges, 'prev', format);
  await save(next, edges, 'next', format);
  const args = [
    '--import',
    'tsx',
    SELF,
    '--child',
    '--format',
    format,
    '--prev',
    prev,
    '--next',
    next,
  ];
  const res = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = res.stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (res.status !== 0 || line === undefined) {
    throw new Error(`graph-diff child failed (exit ${res.status}): ${res.stdout}`);
  }
  return {
    edges,
    format,
    ...(JSON.parse(line.slice(RESULT_PREFIX.length)) as Omit<
      GraphDiffBenchResult,
      'edges' | 'format'
    >),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      edges: { type: 'string', default: '1000000' },
      format: { type: 'string', default: 'json' },
      child: { type: 'boolean', default: false },
      prev: { type: 'string' },
      next: { type: 'string' },
    },
  });
  const format = values.format === 'dot' ? 'dot' : 'json';
  if (values.child) {
    await child(values.prev ?? '', values.next ?? '', format);
    return;
  }
  const t0 = Date.now();
  const r = await runGraphDiffBench({ edges: Number(values.edges), format });
  console.log(
    `graph-diff ${r.format}: ${r.edges} edges each; ${r.seconds.toFixed(2)} s, ` +
      `peak RSS ${r.peakRssMb.toFixed(0)} MiB (added ${r.added}, removed ${r.removed}, ` +
      `changed ${r.changed}, became rejected ${r.becameRejected}); ` +
      `${((Date.now() - t0) / 1000).toFixed(1)} s in all with input generation`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
