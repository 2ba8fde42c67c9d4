import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { flowlens, NEXT, PREVIOUS, T0, workDir } from './__fixtures__/graph-cli.ts';

const hasDot = spawnSync('dot', ['-V']).status === 0;
const noDot = hasDot ? false : 'Graphviz `dot` is not installed (apt-get install -y graphviz)';

const WINDOWS = [
  '--previous-start',
  PREVIOUS[0],
  '--previous-stop',
  PREVIOUS[1],
  '--next-start',
  NEXT[0],
  '--next-stop',
  NEXT[1],
];

/** `[source, arrow, target, colour, mark]` per diff edge, sorted, plus the node IDs. */
function summarize(dot: string) {
  const lines = dot.trimEnd().split('\n');
  const edges = lines
    .filter((l) => / (->|--) /.test(l))
    .map((l) => {
      const m = /^\t"([^"]+)" (->|--) "([^"]+)" .* color=(\w+) .* govpc_diff="(\w+)"\]$/.exec(l);
      assert.ok(m, l);
      return m.slice(1).join(' ');
    })
    .sort();
  const nodes = lines
    .filter((l) => /^\t"[^"]+" \[label=/.test(l))
    .map((l) => /^\t"([^"]+)"/.exec(l)?.[1]);
  return { header: lines[0], edges, nodes, last: lines.at(-1) };
}

const EXPECTED_DIRECTED = {
  header: 'digraph {',
  edges: [
    '10.0.1.5 -> 1.1.1.1 green REMOVED',
    '10.0.1.5 -> 1.1.1.1 red ADDED',
    '10.0.1.7 -> 10.0.1.5 green ADDED',
    '10.0.1.9 -> 10.0.1.5 red REMOVED',
  ],
  nodes: ['1.1.1.1', '10.0.1.5', '10.0.1.7', '10.0.1.9'],
  last: '}',
};

function graphviz(dot: string): void {
  const res = spawnSync('dot', ['-Tplain'], { input: dot, encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  assert.equal(res.stderr, '');
}

test('diff over two windows should print only added and removed edges, diffd style', async () => {
  const { log } = await workDir();
  const res = await flowlens('diff', ...WINDOWS, log);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(summarize(res.stdout), EXPECTED_DIRECTED);
  // diffd's label suffix and attribute, appended to grapherd's attribute list.
  assert.match(res.stdout, /end=\d+\\ndiff=ADDED" govpc_flows="1" govpc_action="REJECT" /);
});

test('diff DOT should be accepted by Graphviz', { skip: noDot }, async () => {
  const { log } = await workDir();
  graphviz((await flowlens('diff', ...WINDOWS, log)).stdout);
  graphviz((await flowlens('diff', '--undirected', '--ports', 'ignore', ...WINDOWS, log)).stdout);
});

test('diff --format json should add volume changes, node deltas and new rejects', async () => {
  const { log } = await workDir();
  const res = await flowlens('diff', '--format', 'json', ...WINDOWS, log);
  assert.equal(res.code, 0, res.stderr);
  const d = JSON.parse(res.stdout) as {
    attributes: { kind: string; weight: string; directed: boolean };
    added: { source: string; target: string }[];
    removed: unknown[];
    changed: { source: string; target: string; before: { bytes: number }; ratio: number }[];
    nodes: { added: { key: string }[]; removed: { key: string }[] };
    becameRejected: { source: string; target: string }[];
    summary: { added: number; removed: number; changed: number };
  };
  assert.deepEqual(d.attributes, {
    generator: 'flowlens',
    kind: 'diff',
    previous: 'previous',
    next: 'next',
    weight: 'bytes',
    directed: true,
  });
  assert.deepEqual(d.summary, { added: 2, removed: 2, changed: 1 });
  assert.deepEqual(
    d.changed.map((c) => [c.source, c.target, c.before.bytes, c.ratio]),
    [['10.0.1.5', '8.8.8.8', 1000, 5]],
  );
  assert.deepEqual(
    d.nodes.added.map((n) => n.key),
    ['10.0.1.7'],
  );
  assert.deepEqual(
    d.nodes.removed.map((n) => n.key),
    ['10.0.1.9'],
  );
  assert.deepEqual(d.becameRejected, [{ source: '10.0.1.5', target: '1.1.1.1' }]);
});

test('diff of two saved graphs (DOT and JSON) should equal the window diff', async () => {
  const { dir, log } = await workDir();
  const [prev, next] = [join(dir, 'prev.dot'), join(dir, 'next.json')];
  const save = (path: string, w: readonly string[], ...extra: string[]) =>
    flowlens('graph', '-q', '--start', w[0] ?? '', '--stop', w[1] ?? '', '-o', path, ...extra, log);
  assert.equal((await save(prev, PREVIOUS)).code, 0);
  assert.equal((await save(next, NEXT, '--format', 'json')).code, 0);
  const files = await flowlens('diff', prev, next);
  assert.equal(files.code, 0, files.stderr);
  assert.equal(files.stdout, (await flowlens('diff', ...WINDOWS, log)).stdout);

  const out = join(dir, 'diff.json');
  const json = await flowlens('diff', '--format', 'json', '-o', out, prev, next);
  assert.equal(json.code, 0, json.stderr);
  assert.equal(json.stdout, '');
  const d = JSON.parse(await readFile(out, 'utf8')) as { summary: unknown };
  assert.deepEqual(d.summary, { added: 2, removed: 2, changed: 1 });
});

/** grapherd's printer: `n` + digits IDs, one edge per record, tabs, no final newline (§3). */
function grapherdDot(): string {
  const edge = (s: string, d: string, sp: number, dp: number, proto: number, red: boolean) => {
    const v = [
      ['accountID', '123456789010'],
      ['eniID', 'eni-0a1b2c3d'],
      ['srcPort', String(sp)],
      ['dstPort', String(dp)],
      ['protocol', String(proto)],
      ['packets', '10'],
      ['bytes', '1000'],
      ['start', String(T0 + 60)],
      ['end', String(T0 + 120)],
    ];
    const attrs = v.map(([k, x]) => `govpc_${k}="${x}"`).join(' ');
    const label = v.map(([k, x]) => `${k}=${x}`).join('\\n');
    const id = (ip: string) => `n${ip.replace(/[.:]/g, '')}`;
    return `\t${id(s)} -> ${id(d)} [${attrs} color=${red ? 'red' : 'green'} label="${label}"]\n`;
  };
  return [
    'digraph {\n',
    edge('10.0.1.5', '8.8.8.8', 40000, 443, 6, false),
    edge('10.0.1.5', '1.1.1.1', 40001, 53, 17, false),
    edge('10.0.1.9', '10.0.1.5', 51000, 22, 6, true),
    edge('10.0.1.9', '10.0.1.5', 51000, 22, 6, true),
    '\tn8888 [label="8.8.8.8"]\n',
    '\tn1111 [label="1.1.1.1"]\n',
    '\tn10015 [label="10.0.1.5"]\n',
    '\tn10019 [label="10.0.1.9"]\n',
    '}',
  ].join('');
}

test('diff should accept an upstream vpcflow-grapherd DOT file as the previous graph', async () => {
  const { dir, log } = await workDir();
  const [prev, next] = [join(dir, 'grapherd.dot'), join(dir, 'next.json')];
  await writeFile(prev, grapherdDot());
  const saved = await flowlens('graph', '-q', '--format', 'json', '-o', next, log);
  assert.equal(saved.code, 0, saved.stderr);
  // next = both hours; grapherd's file had no reply edge and no database client.
  const res = await flowlens('diff', prev, next);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(summarize(res.stdout), {
    header: 'digraph {',
    edges: [
      '10.0.1.5 -> 1.1.1.1 red ADDED',
      '10.0.1.7 -> 10.0.1.5 green ADDED',
      '8.8.8.8 -> 10.0.1.5 green ADDED',
    ],
    nodes: ['1.1.1.1', '10.0.1.5', '10.0.1.7', '8.8.8.8'],
    last: '}',
  });
  // Reversed, as JSON: grapherd's two SSH lines sum to the same volume as flowlens' one merged
  // edge, DNS is unchanged, only the web edge (both hours vs one record) changed volume.
  const back = await flowlens('diff', '--format', 'json', next, prev);
  assert.equal(back.code, 0, back.stderr);
  const d = JSON.parse(back.stdout) as {
    summary: unknown;
    changed: { source: string; target: string; ratio: number }[];
  };
  assert.deepEqual(d.summary, { added: 0, removed: 3, changed: 1 });
  assert.deepEqual(
    d.changed.map((c) => [c.source, c.target, c.ratio]),
    [['10.0.1.5', '8.8.8.8', 1000 / 6000]],
  );
});

test('diff of undirected inputs should be an undirected DOT graph', async () => {
  const { dir, log } = await workDir();
  const res = await flowlens('diff', '--undirected', '--ports', 'ignore', ...WINDOWS, log);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(summarize(res.stdout), {
    header: 'graph {',
    edges: [
      '1.1.1.1 -- 10.0.1.5 green REMOVED',
      '1.1.1.1 -- 10.0.1.5 red ADDED',
      '10.0.1.5 -- 10.0.1.7 green ADDED',
      '10.0.1.5 -- 10.0.1.9 red REMOVED',
    ],
    nodes: ['1.1.1.1', '10.0.1.5', '10.0.1.7', '10.0.1.9'],
    last: '}',
  });
  // The same from saved undirected graphs, DOT and JSON.
  const [prev, next] = [join(dir, 'prev.dot'), join(dir, 'next.json')];
  const flags = ['-q', '--undirected', '--ports', 'ignore'];
  await flowlens('graph', ...flags, '--start', PREVIOUS[0], '--stop', PREVIOUS[1], '-o', prev, log);
  await flowlens(
    'graph',
    ...flags,
    '--format',
    'json',
    '--start',
    NEXT[0],
    '--stop',
    NEXT[1],
    '-o',
    next,
    log,
  );
  const files = await flowlens('diff', prev, next);
  assert.equal(files.code, 0, files.stderr);
  assert.equal(files.stdout, res.stdout);
});

test('diff of a directed against an undirected graph should fail clearly', async () => {
  const { dir, log } = await workDir();
  const [directed, undirected] = [join(dir, 'd.json'), join(dir, 'u.dot')];
  await flowlens('graph', '-q', '--format', 'json', '-o', directed, log);
  await flowlens('graph', '-q', '--undirected', '-o', undirected, log);
  const res = await flowlens('diff', directed, undirected);
  assert.equal(res.code, 1);
  assert.match(res.stderr, /cannot diff a directed graph .* against an undirected one/);
});

test('diff should reject bad flags with exit 2 and say what is wrong', async () => {
  const { log } = await workDir();
  const cases: [string[], RegExp][] = [
    [['--format', 'svg', log, log], /--format must be dot or json/],
    [['--previous-start', PREVIOUS[0], log], /--previous-stop are both required/],
    [[...WINDOWS.slice(0, 4), log], /--next-start and --next-stop are both required/],
    [[...WINDOWS], /no SOURCE given/],
    [[log], /give two saved graphs \(PREV_GRAPH NEXT_GRAPH\) or the four window flags/],
    [['--weight', 'kg', log, log], /--weight must be one of flows, packets, bytes/],
    [['--bogus', log, log], /Unknown option '--bogus'/],
  ];
  for (const [argv, message] of cases) {
    const res = await flowlens('diff', ...argv);
    assert.equal(res.code, 2, `${argv.join(' ')}: ${res.stderr}`);
    assert.match(res.stderr, message, argv.join(' '));
  }
  const early = [...WINDOWS.slice(0, 4), '--next-start', '2026-11-21T00:00:00Z'];
  const inverted = await flowlens('diff', ...early, '--next-stop', NEXT[1], log);
  assert.equal(inverted.code, 1);
  assert.match(inverted.stderr, /next window must not start before the previous one/);
});

test('diff should exit 1 on unreadable or invalid graph files', async () => {
  const { dir, log } = await workDir();
  const good = join(dir, 'good.dot');
  await flowlens('graph', '-q', '-o', good, log);
  const missing = await flowlens('diff', join(dir, 'missing.dot'), good);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cannot read graph .*missing\.dot \[FLOW_GRAPH_INVALID\]/);
  // A raw flow log is not a saved graph.
  const notGraph = await flowlens('diff', log, good);
  assert.equal(notGraph.code, 1);
  assert.match(notGraph.stderr, /flows\.log: DOT line 1: /);
  const empty = join(dir, 'empty.json');
  await writeFile(empty, '');
  const res = await flowlens('diff', empty, good);
  assert.equal(res.code, 1);
  assert.match(res.stderr, /empty\.json is empty/);
  const unwritable = await flowlens('diff', '-o', join(dir, 'no/such/dir.dot'), good, good);
  assert.equal(unwritable.code, 1);
  assert.match(unwritable.stderr, /cannot write .*no\/such\/dir\.dot/);
});
