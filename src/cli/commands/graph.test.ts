import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { flowlens, HEADER, NEXT, PREVIOUS, T0, workDir } from './__fixtures__/graph-cli.ts';

const hasDot = spawnSync('dot', ['-V']).status === 0;
const noDot = hasDot ? false : 'Graphviz `dot` is not installed (apt-get install -y graphviz)';

interface JsonGraph {
  options: { type: string };
  nodes: { key: string; attributes: { kind: string } }[];
  edges: { source: string; target: string; attributes: { action: string; bytes: number } }[];
}

async function graphJson(...argv: string[]): Promise<JsonGraph> {
  const res = await flowlens('graph', '--format', 'json', '-q', ...argv);
  assert.equal(res.code, 0, res.stderr);
  return JSON.parse(res.stdout) as JsonGraph;
}

const ALL_NODES = ['1.1.1.1', '10.0.1.5', '10.0.1.7', '10.0.1.9', '8.8.8.8'];

test('graph should print grapherd-style DOT by default, with a summary on stderr', async () => {
  const { log } = await workDir();
  const res = await flowlens('graph', log);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /^digraph \{\n/);
  assert.match(res.stdout, /\}\n$/);
  // web, its reply, DNS accepted, DNS rejected, SSH (rejected), database: 6 distinct edges.
  assert.equal(res.stdout.split('\n').filter((l) => l.includes(' -> ')).length, 6);
  assert.match(res.stdout, /"10\.0\.1\.9" -> "10\.0\.1\.5" \[govpc_accountID="123456789010"/);
  assert.match(res.stdout, /"10\.0\.1\.9" -> "10\.0\.1\.5" \[[^\n]*color=red/);
  assert.match(res.stderr, /5 nodes, 6 edges/);
});

test('graph DOT from the CLI should be accepted by Graphviz', { skip: noDot }, async () => {
  const { log } = await workDir();
  for (const extra of [[], ['--undirected', '--ports', 'ignore'], ['--group', 'cidr:24']]) {
    const res = await flowlens('graph', '-q', ...extra, log);
    assert.equal(res.code, 0, res.stderr);
    const dot = spawnSync('dot', ['-Tplain'], { input: res.stdout, encoding: 'utf8' });
    assert.equal(dot.status, 0, dot.stderr);
    assert.equal(dot.stderr, '', `${extra.join(' ')}: ${dot.stderr}`);
  }
});

test('graph --format json should be the graphology contract with every node and edge', async () => {
  const { log } = await workDir();
  const g = await graphJson(log);
  assert.equal(g.options.type, 'directed');
  assert.deepEqual(
    g.nodes.map((n) => n.key),
    ALL_NODES,
  );
  assert.equal(g.edges.length, 6);
  const web = g.edges.find((e) => e.source === '10.0.1.5' && e.target === '8.8.8.8');
  assert.equal(web?.attributes.bytes, 6000);
});

test('graph should render every other format through the CLI', async () => {
  const { log } = await workDir();
  const out = async (format: string) => {
    const res = await flowlens('graph', '-q', '--format', format, log);
    assert.equal(res.code, 0, `${format}: ${res.stderr}`);
    return res.stdout;
  };
  const graphml = await out('graphml');
  assert.match(graphml, /^<\?xml [^\n]*\?>\n<graphml /);
  assert.equal(graphml.match(/<node /g)?.length, 5);
  assert.equal(graphml.match(/<edge /g)?.length, 6);

  const mermaid = await out('mermaid');
  assert.match(mermaid, /^flowchart LR\n/);
  for (const ip of ALL_NODES) {
    assert.ok(mermaid.includes(`["${ip}"]`), ip);
  }

  const force = JSON.parse(await out('force-graph')) as {
    nodes: { id: string; group: number }[];
    links: { source: string; target: string; label: number | string }[];
  };
  assert.deepEqual(force.nodes.map((n) => n.id).sort(), ALL_NODES);
  // flow-optics labels a link with its source port, high ports as HP.
  const reply = force.links.find((l) => l.source === '8.8.8.8');
  assert.equal(reply?.label, 443);
  assert.equal(force.links.find((l) => l.source === '10.0.1.9')?.label, 'HP');

  const vis = JSON.parse(await out('vis')) as {
    nodes: string[];
    edges: { src: string; dst: string; count: number }[];
  };
  assert.deepEqual([...vis.nodes].sort(), ALL_NODES);
  assert.ok(vis.edges.every((e) => e.count > 0));

  const svg = await out('svg');
  assert.match(svg, /<svg [^>]*viewBox=/);
  assert.match(svg, /<\/svg>\s*$/);
  for (const ip of ALL_NODES) {
    assert.ok(svg.includes(`>${ip}</text>`), ip);
  }
});

test('graph --start/--stop should keep only that window', async () => {
  const { log } = await workDir();
  const prev = await graphJson('--start', PREVIOUS[0], '--stop', PREVIOUS[1], log);
  assert.deepEqual(
    prev.nodes.map((n) => n.key),
    ['1.1.1.1', '10.0.1.5', '10.0.1.9', '8.8.8.8'],
  );
  const next = await graphJson('--start', NEXT[0], '--stop', NEXT[1], log);
  assert.ok(next.nodes.some((n) => n.key === '10.0.1.7'));
  assert.ok(!next.nodes.some((n) => n.key === '10.0.1.9'));
});

test('graph filters and --undirected should shape the graph', async () => {
  const { log } = await workDir();
  const rejects = await graphJson('--action', 'reject', log);
  assert.ok(rejects.edges.every((e) => e.attributes.action === 'REJECT'));
  assert.equal(rejects.edges.length, 2);

  const undirected = await graphJson('--undirected', '--ports', 'ignore', log);
  assert.equal(undirected.options.type, 'undirected');
  // web and its reply merge; DNS accept/reject stay apart (action is part of an edge).
  assert.equal(undirected.edges.length, 5);

  const top = await graphJson('--top', '1', '--weight', 'bytes', log);
  assert.deepEqual(
    top.edges.map((e) => [e.source, e.target]),
    [['10.0.1.5', '8.8.8.8']],
  );

  const udp = await graphJson('--protocol', 'udp', log);
  assert.deepEqual(
    udp.nodes.map((n) => n.key),
    ['1.1.1.1', '10.0.1.5'],
  );
});

test('graph -o should write the file and nothing to stdout', async () => {
  const { dir, log } = await workDir();
  const path = join(dir, 'g.dot');
  const res = await flowlens('graph', '-q', '-o', path, log);
  assert.equal(res.code, 0, res.stderr);
  assert.equal(res.stdout, '');
  assert.match(await readFile(path, 'utf8'), /^digraph \{/);
});

test('graph --group asn/country should name public peers by AS and country', async () => {
  const { dir } = await workDir();
  const log = join(dir, 'public.log');
  const row = (src: string, dst: string) =>
    `2 123456789010 eni-1 ${src} ${dst} 40000 443 6 1 100 ${T0} ${T0 + 60} ACCEPT OK`;
  await writeFile(
    log,
    [HEADER, row('10.0.1.5', '8.8.8.8'), row('10.0.1.5', '1.1.1.1'), row('192.168.0.9', '10.0.1.5')]
      .map((l) => `${l}\n`)
      .join(''),
  );
  const byAsn = await graphJson('--group', 'asn', log);
  assert.deepEqual(
    byAsn.nodes.map((n) => [n.key, n.attributes.kind]),
    [
      ['AS13335 Cloudflare, Inc.', 'asn'],
      ['AS15169 Google LLC', 'asn'],
      ['private', 'asn'],
    ],
  );
  const byCountry = await graphJson('--group', 'country', log);
  assert.deepEqual(
    byCountry.nodes.map((n) => n.key),
    ['AU', 'US', 'private'],
  );
  // Both private addresses fold into one node: the 192.168/10.0 edge is a self-loop.
  assert.ok(byCountry.edges.some((e) => e.source === 'private' && e.target === 'private'));
});

test('graph --group country should keep aliases readable', async () => {
  const { dir } = await workDir();
  const log = join(dir, 'public.log');
  const aliases = join(dir, 'known.csv');
  await writeFile(
    log,
    `${HEADER}\n2 1 eni-1 10.0.1.5 8.8.8.8 40000 443 6 1 100 ${T0} ${T0 + 60} ACCEPT OK\n`,
  );
  await writeFile(aliases, '10.0.1.5,app server\n');
  const g = await graphJson('--group', 'country', '--aliases', aliases, log);
  assert.deepEqual(
    g.nodes.map((n) => n.key),
    ['US', 'app server'],
  );
});

test('graph --help should document every format and the asn/country groupings', async () => {
  const res = await flowlens('graph', '--help');
  assert.equal(res.code, 0);
  for (const word of ['dot', 'json', 'graphml', 'mermaid', 'force-graph', 'vis', 'svg']) {
    assert.ok(res.stdout.includes(word), word);
  }
  assert.match(res.stdout, /--group MODE .*asn or country/);
});

test('graph should reject bad flags with exit 2 and say what is wrong', async () => {
  const { log } = await workDir();
  const cases: [string[], RegExp][] = [
    [['--format', 'png', log], /--format must be one of dot, json/],
    [['--group', 'cidr:33', log], /--group cidr:33: prefix must be 0\.\.32/],
    [['--group', 'city', log], /--group must be ip, cidr:N\[,M\], service, asn or country/],
    [['--weight', 'kg', log], /--weight must be one of flows, packets, bytes/],
    [['--min-count', 'lots', log], /--min-count must be an integer/],
    [['--action', 'drop', log], /--action must be accept or reject/],
    [['--protocol', 'tcpx', log], /--protocol must be a name/],
    [['--ports', 'some', log], /--ports must be one of keep, service, ignore/],
    [['--no-such-flag', log], /Unknown option '--no-such-flag'/],
    [[], /no SOURCE given/],
  ];
  for (const [argv, message] of cases) {
    const res = await flowlens('graph', ...argv);
    assert.equal(res.code, 2, argv.join(' '));
    assert.match(res.stderr, message, argv.join(' '));
    assert.equal(res.stdout, '');
  }
});

test('graph should exit 1 on unreadable inputs', async () => {
  const { dir, log } = await workDir();
  const missing = await flowlens('graph', join(dir, 'missing.log'));
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /missing\.log.*\[FLOW_SOURCE_NOT_FOUND\]/);
  const aliases = await flowlens('graph', '--aliases', join(dir, 'nope.csv'), log);
  assert.equal(aliases.code, 1, aliases.stderr);
  assert.match(aliases.stderr, /nope\.csv/);
});
