import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { flowlens, HEADER, NEXT, workDir } from './__fixtures__/graph-cli.ts';

interface ForceGraph {
  nodes: { id: string; group: number }[];
  links: { source: string; target: string; label: number | string; type?: string }[];
}

async function links(...argv: string[]): Promise<ForceGraph> {
  const res = await flowlens('links', ...argv);
  assert.equal(res.code, 0, res.stderr);
  return JSON.parse(res.stdout) as ForceGraph;
}

const pairs = (g: ForceGraph) =>
  g.links.map((l) => `${l.source}>${l.target}:${l.label}${l.type ? ':reject' : ''}`).sort();

test('links inspect should draw all traffic to or from the IP as force-graph JSON', async () => {
  const { log } = await workDir();
  const g = await links('inspect', '10.0.1.5', '-q', log);
  assert.deepEqual(
    g.nodes.map((n) => [n.id, n.group]),
    [
      ['1.1.1.1', 1],
      ['10.0.1.5', 2],
      ['10.0.1.7', 3],
      ['10.0.1.9', 4],
      ['8.8.8.8', 5],
    ],
  );
  // Source-port labels, HP from 1023; DNS accepted and rejected share one link, tagged reject.
  assert.deepEqual(pairs(g), [
    '10.0.1.5>1.1.1.1:HP:reject',
    '10.0.1.5>8.8.8.8:HP',
    '10.0.1.7>10.0.1.5:HP',
    '10.0.1.9>10.0.1.5:HP:reject',
    '8.8.8.8>10.0.1.5:443',
  ]);
});

test('links inspect --cidr should keep only links whose ends are the IP or in the CIDR', async () => {
  const { log } = await workDir();
  const g = await links('inspect', '10.0.1.5', '--cidr', '10.0.1.0/24', '-q', log);
  assert.deepEqual(pairs(g), ['10.0.1.7>10.0.1.5:HP', '10.0.1.9>10.0.1.5:HP:reject']);
});

test('links rejects should filter on the action (not the log status)', async () => {
  const { log } = await workDir();
  const g = await links('rejects', '10.0.1.5', '-q', log);
  assert.deepEqual(pairs(g), ['10.0.1.5>1.1.1.1:HP:reject', '10.0.1.9>10.0.1.5:HP:reject']);
  const window = await links('rejects', '10.0.1.5', '--start', NEXT[0], '--stop', NEXT[1], log);
  assert.deepEqual(pairs(window), ['10.0.1.5>1.1.1.1:HP:reject']);
});

test('links correlate should keep only traffic between the listed IPs', async () => {
  const { log } = await workDir();
  const g = await links('correlate', '10.0.1.5,8.8.8.8,10.0.1.7', '-q', log);
  assert.deepEqual(pairs(g), [
    '10.0.1.5>8.8.8.8:HP',
    '10.0.1.7>10.0.1.5:HP',
    '8.8.8.8>10.0.1.5:443',
  ]);
});

test('links should write any graph format with --format', async () => {
  const { log } = await workDir();
  const dot = await flowlens('links', 'rejects', '10.0.1.5', '-q', '--format', 'dot', log);
  assert.equal(dot.code, 0, dot.stderr);
  assert.match(dot.stdout, /^digraph \{\n/);
  assert.equal(dot.stdout.split('\n').filter((l) => l.includes(' -> ')).length, 2);
  const json = await flowlens(
    'links',
    'correlate',
    '10.0.1.5,8.8.8.8',
    '-q',
    '--format',
    'json',
    log,
  );
  const g = JSON.parse(json.stdout) as { attributes: { name: string }; edges: unknown[] };
  assert.equal(g.attributes.name, 'links correlate 10.0.1.5,8.8.8.8');
  assert.equal(g.edges.length, 2);
});

test('links --days should read from UTC midnight N days ago until now', async () => {
  const { dir } = await workDir();
  const now = Math.floor(Date.now() / 1000);
  const row = (t: number, dst: string) =>
    `2 1 eni-1 10.0.1.5 ${dst} 40000 443 6 1 100 ${t} ${t + 60} ACCEPT OK`;
  const log = join(dir, 'recent.log');
  await writeFile(
    log,
    [HEADER, row(now - 120, '8.8.8.8'), row(now - 10 * 86_400, '1.1.1.1')].join('\n') + '\n',
  );
  const g = await links('inspect', '10.0.1.5', '--days', '2', '-q', log);
  assert.deepEqual(pairs(g), ['10.0.1.5>8.8.8.8:HP']);
});

test('links should reject bad arguments with exit 2 and say what is wrong', async () => {
  const { log } = await workDir();
  const cases: [string[], RegExp][] = [
    [[], /usage: flowlens links inspect\|rejects\|correlate IP/],
    [['explain', '10.0.1.5', log], /usage: flowlens links inspect\|rejects\|correlate/],
    [['inspect'], /usage: flowlens links/],
    [['correlate', '10.0.1.5', log], /links correlate needs at least two IPs/],
    [['inspect', '10.0.1.5,10.0.1.7', log], /links inspect needs exactly one IP/],
    [['inspect', 'web-1', log], /links IP: 'web-1' is not an IP address/],
    [['rejects', '10.0.1.5', '--cidr', '10.0.1/33', log], /--cidr: '10\.0\.1\/33' is not/],
    [['correlate', '10.0.1.5,8.8.8.8', '--cidr', '10.0.0.0/8', log], /takes no --cidr/],
    [['inspect', '10.0.1.5', '--days', 'week', log], /--days must be an integer/],
    [['inspect', '10.0.1.5', '--days', '1', '--start', NEXT[0], log], /either --days or/],
    [['inspect', '10.0.1.5', '--format', 'png', log], /--format must be one of/],
    [['inspect', '10.0.1.5'], /no SOURCE given/],
  ];
  for (const [argv, message] of cases) {
    const res = await flowlens('links', ...argv);
    assert.equal(res.code, 2, `${argv.join(' ')}: ${res.stderr}`);
    assert.match(res.stderr, message, argv.join(' '));
  }
});

test('links should exit 1 on unreadable sources', async () => {
  const { dir } = await workDir();
  const res = await flowlens('links', 'inspect', '10.0.1.5', join(dir, 'missing.log'));
  assert.equal(res.code, 1);
  assert.match(res.stderr, /missing\.log.*\[FLOW_SOURCE_NOT_FOUND\]/);
});
