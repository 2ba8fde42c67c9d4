import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestSources } from '../aggregate/digest-sources.ts';
import { buildGraph } from '../graph/build-graph.ts';
import type { FlowRecord, TimeWindow } from '../model/flow-record.ts';
import { createFileSource } from '../sources/file/file-source.ts';
import { readFlows } from '../sources/read-flows.ts';
import { DuckDbEngine, type Row } from './duckdb-engine.ts';
import { ParquetSink } from './parquet-sink.ts';
import {
  buildDigestQuery,
  buildGraphQuery,
  buildLinksQuery,
  buildTopTalkersQuery,
  type LinksMode,
  type TalkerKey,
} from './query-builder.ts';
import { digestFromRows } from './query-results.ts';
import { syntheticFlowLines } from './synthetic-flows.ts';

let dir = '';
let textPath = '';
let parquetPath = '';
const records: FlowRecord[] = [];
const engines: Record<string, DuckDbEngine> = {};
const WINDOW: TimeWindow = { start: 1_767_240_000, stop: 1_767_300_000 };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flowlens-qb-'));
  textPath = join(dir, 'flows.log');
  await writeFile(textPath, [...syntheticFlowLines({ records: 20_000, hosts: 12 })].join('\n'));
  for await (const b of readFlows([createFileSource(textPath)])) {
    records.push(...b);
  }
  const sink = new ParquetSink((n) => join(dir, `flows-${n}.log.parquet`), 4096);
  records.forEach((r) => sink.add(r));
  sink.close();
  parquetPath = sink.files[0]!;
  engines.text = await DuckDbEngine.create();
  await engines.text.load([createFileSource(textPath)]);
  engines.parquet = await DuckDbEngine.create();
  await engines.parquet.load([createFileSource(parquetPath)]);
});

after(async () => {
  for (const e of Object.values(engines)) {
    await e.close();
  }
  await rm(dir, { recursive: true, force: true });
});

const sources = () => [createFileSource(textPath)];
const key = (...xs: unknown[]) => JSON.stringify(xs);

function sortRows(rows: Row[], cols: string[]): string[] {
  return rows.map((r) => key(...cols.map((c) => r[c]))).sort();
}

for (const engineName of ['text', 'parquet']) {
  describe(`DuckDB over ${engineName} equals the streaming core`, () => {
    test('digest', async () => {
      const expected = await digestSources(sources());
      const rows = await engines[engineName]!.run(buildDigestQuery());
      assert.deepEqual(digestFromRows(rows), expected.digest);
      assert.ok(expected.digest.entries.length > 100);
    });

    test('digest within a window', async () => {
      const expected = await digestSources(sources(), { window: WINDOW });
      const rows = await engines[engineName]!.run(buildDigestQuery({ window: WINDOW }));
      assert.deepEqual(digestFromRows(rows), expected.digest);
    });

    test('digest for one account', async () => {
      const rows = await engines[engineName]!.run(buildDigestQuery({ accounts: ['000123456789'] }));
      const all = await digestSources(sources());
      const want = all.digest.entries.filter((e) => e.accountId === '000123456789');
      assert.deepEqual(digestFromRows(rows).entries, want);
    });

    test('graph edges', async () => {
      const graph = await buildGraph(readFlows(sources()));
      const want = [...graph.edges.values()].map((e) => {
        const a = e.attributes;
        return key(
          e.source,
          e.target,
          a.account,
          a.eni,
          a.srcPort,
          a.dstPort,
          a.protocol,
          a.action,
          a.flows,
          a.packets,
          a.bytes,
          a.start,
          a.end,
        );
      });
      const rows = await engines[engineName]!.run(buildGraphQuery());
      const cols = [
        'source',
        'target',
        'account',
        'eni',
        'src_port',
        'dst_port',
        'protocol',
        'action',
        'flows',
        'packets',
        'bytes',
        'first_start',
        'last_end',
      ];
      assert.deepEqual(sortRows(rows, cols), want.sort());
    });

    const linkCases: LinksMode[] = [
      { mode: 'inspect', ip: '10.0.1.3' },
      { mode: 'rejects', ip: '172.31.0.5' },
      { mode: 'correlate', ips: ['10.0.0.1', '10.0.2.2', '172.31.1.4', '172.31.0.7'] },
    ];
    for (const lc of linkCases) {
      test(`links ${lc.mode}`, async () => {
        const rows = await engines[engineName]!.run(buildLinksQuery(lc));
        assert.deepEqual(
          sortRows(rows, ['source', 'target', 'label', 'flows', 'bytes', 'rejected']),
          expectedLinks(lc),
        );
        assert.ok(rows.length > 0);
      });
    }

    for (const by of ['src', 'dst', 'pair'] as TalkerKey[]) {
      test(`top talkers by ${by}`, async () => {
        const rows = await engines[engineName]!.run(buildTopTalkersQuery(by, 5));
        const cols =
          by === 'pair'
            ? ['address', 'peer', 'bytes', 'packets', 'flows']
            : ['address', 'bytes', 'packets', 'flows'];
        assert.deepEqual(
          rows.map((r) => key(...cols.map((c) => r[c]))),
          expectedTalkers(by, 5),
        );
      });
    }

    test('an injection attempt in an IP is a bound value, not SQL', async () => {
      const evil = "10.0.1.3' OR '1'='1";
      const q = buildLinksQuery({ mode: 'inspect', ip: evil });
      assert.ok(!q.sql.includes(evil));
      assert.deepEqual(await engines[engineName]!.run(q), []);
    });
  });
}

function linkMatch(r: FlowRecord, lc: LinksMode): boolean {
  if (lc.mode === 'correlate') {
    return lc.ips.includes(r.srcaddr ?? '') && lc.ips.includes(r.dstaddr ?? '');
  }
  const hit = r.srcaddr === lc.ip || r.dstaddr === lc.ip;
  return hit && (lc.mode === 'inspect' || r.action?.toUpperCase() === 'REJECT');
}

function expectedLinks(lc: LinksMode): string[] {
  const groups = new Map<string, [string, string, string, number, number, number]>();
  for (const r of records) {
    if (!linkMatch(r, lc) || r.srcport == null || r.srcport === 0) {
      continue;
    }
    const label = r.srcport < 1023 ? String(r.srcport) : 'HP';
    const k = key(r.srcaddr, r.dstaddr, label);
    const g = groups.get(k) ?? [r.srcaddr!, r.dstaddr!, label, 0, 0, 0];
    g[3]++;
    g[4] += r.bytes ?? 0;
    g[5] += r.action?.toUpperCase() === 'REJECT' ? 1 : 0;
    groups.set(k, g);
  }
  return [...groups.values()].map((g) => key(...g)).sort();
}

function expectedTalkers(by: TalkerKey, limit: number): string[] {
  const groups = new Map<string, { k: string[]; bytes: number; packets: number; flows: number }>();
  for (const r of records) {
    const k = by === 'src' ? [r.srcaddr] : by === 'dst' ? [r.dstaddr] : [r.srcaddr, r.dstaddr];
    if (k.some((x) => x == null)) {
      continue;
    }
    const id = key(...k);
    const g = groups.get(id) ?? { k: k as string[], bytes: 0, packets: 0, flows: 0 };
    g.bytes += r.bytes ?? 0;
    g.packets += r.packets ?? 0;
    g.flows++;
    groups.set(id, g);
  }
  const cmp = (a: string[], b: string[]) => (key(...a) < key(...b) ? -1 : 1);
  return [...groups.values()]
    .sort((a, b) => b.bytes - a.bytes || cmp(a.k, b.k))
    .slice(0, limit)
    .map((g) => key(...g.k, g.bytes, g.packets, g.flows));
}
