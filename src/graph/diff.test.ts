import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { buildGraph } from './build-graph.ts';
import { flow } from './__fixtures__/records.ts';
import { writeDotDiff } from './diff-dot.ts';
import { writeJsonDiff } from './diff-json.ts';
import type { FlowRecord } from '../model/flow-record.ts';
import { graphSourceFromGraph, openGraphFile, type GraphSource } from './graph-source.ts';
import { renderToString } from './render/index.ts';
import { isFlowError } from '../model/errors.ts';

const A = '172.31.16.139';
const B = '172.31.16.21';
const C = '172.31.16.22';

async function source(records: FlowRecord[]): Promise<GraphSource> {
  return graphSourceFromGraph(await buildGraph(records));
}

async function dotDiff(prev: GraphSource, next: GraphSource): Promise<string[]> {
  const out = new PassThrough();
  const done = text(out);
  await writeDotDiff(prev, next, out);
  out.end();
  return (await done)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

async function jsonDiff(prev: GraphSource, next: GraphSource) {
  const out = new PassThrough();
  const done = text(out);
  await writeJsonDiff(prev, next, out);
  out.end();
  return JSON.parse(await done);
}

const base = [flow({ srcport: 0 }), flow({ srcaddr: B, dstaddr: A, srcport: 80, dstport: 0 })];

test('should report an added node with its ADDED edges and touched nodes only (added_node)', async () => {
  const next = [
    ...base,
    flow({ srcaddr: B, dstaddr: C, srcport: 0 }),
    flow({ srcaddr: C, dstaddr: B, srcport: 80, dstport: 0 }),
  ];
  const lines = await dotDiff(await source(base), await source(next));
  assert.equal(lines[0], 'digraph {');
  assert.equal(lines.at(-1), '}');
  const edges = lines.filter((l) => l.includes(' -> '));
  assert.equal(edges.length, 2);
  assert.ok(
    edges.every((l) =>
      l.endsWith('\\ndiff=ADDED" govpc_flows="1" govpc_action="ACCEPT" govpc_diff="ADDED"]'),
    ),
  );
  assert.deepEqual(
    lines
      .filter((l) => !l.includes(' -> '))
      .slice(1, -1)
      .map((l) => l.split(' ')[0]),
    [`"${B}"`, `"${C}"`],
  );
});

test('should report added and removed ports (added_port / removed_port)', async () => {
  const next = [...base, flow({ srcport: 0, dstport: 22 })];
  const added = await dotDiff(await source(base), await source(next));
  assert.equal(added.filter((l) => l.includes('govpc_diff="ADDED"')).length, 1);
  assert.ok(added.some((l) => l.includes('govpc_dstPort="22"')));
  const removed = await dotDiff(await source(next), await source(base));
  assert.equal(removed.filter((l) => l.includes('govpc_diff="REMOVED"')).length, 1);
  assert.ok(
    removed.some(
      (l) => l.includes('label="accountID=123456789010') && l.includes('\\ndiff=REMOVED"'),
    ),
  );
});

test('should treat a colour change as removal plus addition and ignore volume changes', async () => {
  const next = [
    flow({ srcport: 0, action: 'REJECT' }),
    flow({ srcaddr: B, dstaddr: A, srcport: 80, dstport: 0, bytes: 9e6 }),
  ];
  const lines = await dotDiff(await source(base), await source(next));
  assert.equal(lines.filter((l) => l.includes('color=red') && l.includes('ADDED')).length, 1);
  assert.equal(lines.filter((l) => l.includes('color=green') && l.includes('REMOVED')).length, 1);
  assert.equal(lines.filter((l) => l.includes(' -> ')).length, 2);
});

test('should give an empty diff for identical graphs', async () => {
  assert.deepEqual(await dotDiff(await source(base), await source(base)), ['digraph {', '}']);
});

test('should write a JSON diff with changed volumes, node changes and pairs that became rejected', async () => {
  const prev = [...base, flow({ srcaddr: C, dstaddr: B, srcport: 0, dstport: 443 })];
  const next = [
    flow({ srcport: 0 }),
    flow({ srcport: 0 }),
    flow({ srcaddr: B, dstaddr: A, srcport: 80, dstport: 0 }),
    flow({ srcaddr: B, dstaddr: A, srcport: 0, dstport: 22, action: 'REJECT' }),
    flow({ srcaddr: '10.9.9.9', dstaddr: B, srcport: 0 }),
  ];
  const d = await jsonDiff(await source(prev), await source(next));
  assert.deepEqual(d.summary, { added: 2, removed: 1, changed: 1 });
  assert.deepEqual(d.changed[0].before, { flows: 1, packets: 20, bytes: 1000 });
  assert.deepEqual(d.changed[0].after, { flows: 2, packets: 40, bytes: 2000 });
  assert.equal(d.changed[0].ratio, 2);
  assert.deepEqual(
    d.nodes.added.map((n: { key: string }) => n.key),
    ['10.9.9.9'],
  );
  assert.deepEqual(
    d.nodes.removed.map((n: { key: string }) => n.key),
    [C],
  );
  assert.deepEqual(d.becameRejected, [{ source: B, target: A }]);
  assert.equal(d.removed[0].source, C);
});

const GRAPHERD_EDGE = (src: string, dst: string, sp: string, dp: string, color: string) =>
  `\t${src} -> ${dst} [govpc_accountID="123456789010" govpc_eniID="eni-abc123de" govpc_srcPort="${sp}" govpc_dstPort="${dp}" govpc_protocol="6" govpc_packets="20" govpc_bytes="1000" govpc_start="1418530010" govpc_end="1818530070" color=${color} label="accountID=123456789010\\neniID=eni-abc123de\\nsrcPort=${sp}\\ndstPort=${dp}\\nprotocol=6\\npackets=20\\nbytes=1000\\nstart=1418530010\\nend=1818530070"]`;

async function tempFile(name: string, body: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'flowlens-diff-'));
  await writeFile(join(dir, name), body);
  return join(dir, name);
}

test('should read upstream grapherd DOT (n-digit IDs, nodes last, no trailing newline)', async () => {
  const dot = [
    'digraph {',
    GRAPHERD_EDGE('n1723116139', 'n172311621', '0', '80', 'green'),
    GRAPHERD_EDGE('n172311621', 'n1723116139', '80', '0', 'green'),
    '\tn1723116139 [label="172.31.16.139"]',
    '\tn172311621 [label="172.31.16.21"]',
    '}',
  ].join('\n');
  const prev = await openGraphFile(await tempFile('prev.dot', dot));
  const same = await dotDiff(prev, await source(base));
  assert.deepEqual(same, ['digraph {', '}']);
  const ourDot = await renderToString(await buildGraph(base), 'dot');
  const ours = await openGraphFile(await tempFile('ours.dot', ourDot));
  assert.deepEqual(await dotDiff(prev, ours), ['digraph {', '}']);
  const ourJson = await renderToString(
    await buildGraph([flow({ srcport: 0, action: 'REJECT' })]),
    'json',
  );
  const lines = await dotDiff(prev, await openGraphFile(await tempFile('next.json', ourJson)));
  assert.equal(lines.filter((l) => l.includes('REMOVED')).length, 2);
  assert.equal(lines.filter((l) => l.includes('ADDED')).length, 1);
});

test('should read a re-formatted (pretty-printed) graphology JSON graph', async () => {
  const json = JSON.stringify(
    JSON.parse(await renderToString(await buildGraph(base), 'json')),
    null,
    2,
  );
  const g = await openGraphFile(await tempFile('pretty.json', json));
  assert.deepEqual(await dotDiff(g, await source(base)), ['digraph {', '}']);
});

test('should reject bad graph files with FLOW_GRAPH_INVALID', async () => {
  const bad: [string, string][] = [
    ['a.dot', 'digraph {\n\tn1 -> [label="x"]\n}'],
    ['b.dot', 'digraph {\n\tn1 -> n2 [label="unterminated]\n}'],
    ['c.dot', 'n1 -> n2\n'],
    ['d.dot', 'digraph {\n\tn1 -> n2 [color]\n}'],
    ['e.json', '{"nodes": 5}'],
    ['f.json', '{oops'],
    ['g.json', '{"nodes":[],"edges":[{"source":1}]}'],
    ['h.dot', ''],
  ];
  for (const [name, body] of bad) {
    const path = await tempFile(name, body);
    await assert.rejects(
      (async () => dotDiff(await openGraphFile(path), await source(base)))(),
      (e) => isFlowError(e, 'FLOW_GRAPH_INVALID'),
      name,
    );
  }
  await assert.rejects(openGraphFile('/nonexistent/graph.dot'), (e) =>
    isFlowError(e, 'FLOW_GRAPH_INVALID'),
  );
});

test('should treat b -- a in an undirected DOT file as the edge a -- b (ports swapped)', async () => {
  const records = [flow({ srcaddr: '10.0.0.1', dstaddr: '10.0.0.2', srcport: 1234, dstport: 80 })];
  const ours = await buildGraph(records, { undirected: true });
  const attrs =
    'govpc_accountID="123456789010" govpc_eniID="eni-abc123de" govpc_srcPort="80" ' +
    'govpc_dstPort="1234" govpc_protocol="6" color=green';
  const reversed = await tempFile(
    'rev.dot',
    `graph {\n\t"10.0.0.2" -- "10.0.0.1" [${attrs}]\n\t"10.0.0.1" [label="10.0.0.1"]\n\t"10.0.0.2" [label="10.0.0.2"]\n}\n`,
  );
  const file = await openGraphFile(reversed);
  assert.equal(file.directed, false);
  assert.deepEqual(await dotDiff(file, graphSourceFromGraph(ours)), ['graph {', '}']);
  const directed = await tempFile('d.dot', `digraph {\n\t"10.0.0.2" -> "10.0.0.1" [${attrs}]\n}\n`);
  await assert.rejects(dotDiff(await openGraphFile(directed), graphSourceFromGraph(ours)), (e) =>
    isFlowError(e, 'FLOW_GRAPH_INVALID'),
  );
});
