import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digestSources } from './digest-sources.ts';
import { digestWriters } from './digest-writers.ts';
import { createMemorySource } from '../sources/memory/memory-source.ts';
import { parseLogFormat } from '../sources/decode/log-format.ts';
import type { ReadOptions } from '../sources/read-flows.ts';

const HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const HAPPY = [
  HEADER,
  '2 123456789010 eni-abc123de 172.31.16.139 172.31.16.21 20641 80 6 20 1000 1418530010 1418530070 ACCEPT OK',
  '2 123456789010 eni-abc123de 172.31.16.139 172.31.16.21 20541 80 6 20 1000 1518530010 1518530070 ACCEPT OK',
  '2 123456789010 eni-1a2b3c4d - - - - - - - 1431280876 1431280934 - NODATA',
  '2 123456789010 eni-abc123de 172.31.16.139 172.31.16.21 20441 80 6 20 1000 1618530010 1618530070 ACCEPT OK',
  '2 123456789010 eni-abc123de 172.31.16.139 172.31.16.21 20341 80 6 20 1000 1718530010 1718530070 REJECT OK',
  '2 123456789010 eni-abc123de 172.31.16.139 172.31.16.21 20241 80 6 20 1000 1818530010 1818530070 ACCEPT OK',
];

async function digestText(text: string, opts: ReadOptions = {}) {
  const r = await digestSources([createMemorySource([{ name: 't', data: text }])], opts);
  return { lines: [...digestWriters.digest(r.digest)].join(''), stats: r.stats, digest: r.digest };
}

const set = (s: string) => new Set(s.split('\n').filter((l) => l !== ''));

test('go-vpcflow happy path: ports normalised, sums per key, global bounds', async () => {
  const { lines } = await digestText(HAPPY.join('\n') + '\n');
  assert.deepEqual(
    set(lines),
    new Set([
      '2 123456789010 eni-abc123de 172.31.16.139 172.31.16.21 0 80 6 20 1000 1418530010 1818530070 REJECT OK',
      '2 123456789010 eni-abc123de 172.31.16.139 172.31.16.21 0 80 6 80 4000 1418530010 1818530070 ACCEPT OK',
    ]),
  );
});

test('go-vpcflow bidirectional case keeps direction', async () => {
  const lines = [...HAPPY];
  lines[1] =
    '2 123456789010 eni-abc123de 172.31.16.21 172.31.16.139 80 20641 6 20 1000 1418530010 1418530070 ACCEPT OK';
  lines[6] =
    '2 123456789010 eni-abc123de 172.31.16.21 172.31.16.139 80 20341 6 20 1000 1818530010 1818530070 ACCEPT OK';
  const { lines: out } = await digestText(lines.join('\n'));
  assert.deepEqual(
    set(out),
    new Set([
      '2 123456789010 eni-abc123de 172.31.16.139 172.31.16.21 0 80 6 20 1000 1418530010 1818530070 REJECT OK',
      '2 123456789010 eni-abc123de 172.31.16.139 172.31.16.21 0 80 6 40 2000 1418530010 1818530070 ACCEPT OK',
      '2 123456789010 eni-abc123de 172.31.16.21 172.31.16.139 80 0 6 40 2000 1418530010 1818530070 ACCEPT OK',
    ]),
  );
});

test('equal ports: srcport is zeroed (digesterd tie rule)', async () => {
  const { lines } = await digestText(
    '2 1 eni-1 10.0.0.1 10.0.0.2 443 443 6 1 2 100 160 ACCEPT OK\n',
  );
  assert.equal(lines, '2 1 eni-1 10.0.0.1 10.0.0.2 0 443 6 1 2 100 160 ACCEPT OK\n');
});

test('the window keeps records whose start is in [start, stop) and resets the bounds', async () => {
  const { lines, stats } = await digestText(HAPPY.join('\n'), {
    window: { start: 1518530010, stop: 1718530010 },
  });
  assert.deepEqual(
    set(lines),
    new Set([
      '2 123456789010 eni-abc123de 172.31.16.139 172.31.16.21 0 80 6 40 2000 1518530010 1618530070 ACCEPT OK',
    ]),
  );
  assert.equal(stats.skipped.out_of_window, 4, 'three flows and the NODATA line are outside');
});

test('records of other versions are projected onto the v2 fields', async () => {
  const text = [
    'srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status interface-id account-id vpc-id flow-direction',
    '10.0.0.1 10.0.0.2 50000 443 6 3 300 100 160 ACCEPT OK eni-9 000000000042 vpc-1 egress',
    '10.0.0.1 10.0.0.2 50001 443 6 4 400 120 170 ACCEPT OK eni-9 000000000042 vpc-1 egress',
  ].join('\n');
  const { lines } = await digestText(text);
  assert.equal(lines, '2 000000000042 eni-9 10.0.0.1 10.0.0.2 0 443 6 7 700 100 170 ACCEPT OK\n');
});

test('a format without log-status or account still digests (TGW-like)', async () => {
  const { lines } = await digestText('10.0.0.1 10.0.0.2 50000 443 6 1 10 100 160\n', {
    logFormat: parseLogFormat('srcaddr dstaddr srcport dstport protocol packets bytes start end'),
  });
  assert.equal(lines, '2 - - 10.0.0.1 10.0.0.2 0 443 6 1 10 100 160 - OK\n');
});

test('bad lines are counted, good lines digested; counts add up', async () => {
  const text = [
    HEADER,
    HAPPY[1],
    '2 123 eni-1 1.2.3.4', // truncated
    '2 123456789010 eni-abc123de 999.31.16.139 172.31.16.21 20641 80 6 20 1000 1418530010 1418530070 ACCEPT OK',
    '2 123456789010 eni-abc123de 172.31.16.139 172.31.16.21 NaN 80 6 20 1000 1418530010 1418530070 ACCEPT OK',
    '\x00\x01\x02 binary',
    HAPPY[1] + ' 1 2 3',
    HAPPY[2],
  ].join('\n');
  const { lines, stats } = await digestText(text);
  assert.equal(
    lines,
    '2 123456789010 eni-abc123de 172.31.16.139 172.31.16.21 0 80 6 40 2000 1418530010 1518530070 ACCEPT OK\n',
  );
  assert.deepEqual(stats.skipped, {
    too_few_fields: 1,
    bad_address: 1,
    bad_number: 1,
    binary_junk: 1,
    too_many_fields: 1,
  });
  assert.equal(stats.records, stats.kept + 5);
});

test('empty input and header-only input give an empty digest and no skips', async () => {
  for (const text of ['', HEADER + '\n', HEADER]) {
    const { lines, stats } = await digestText(text);
    assert.equal(lines, '');
    assert.deepEqual(stats.skipped, {});
  }
});

test('json and csv writers carry the same numbers', async () => {
  const { digest } = await digestText(HAPPY.join('\n'));
  const json = JSON.parse([...digestWriters.json(digest)].join('')) as {
    start: number;
    end: number;
    flows: { packets: number; accountId: string }[];
  };
  assert.equal(json.start, 1418530010);
  assert.equal(json.end, 1818530070);
  assert.deepEqual(json.flows.map((f) => f.packets).sort(), [20, 80]);
  assert.equal(json.flows[0]!.accountId, '123456789010');
  const csv = [...digestWriters.csv(digest)].join('').trim().split('\n');
  assert.equal(csv.length, 3);
  assert.ok(csv[0]!.startsWith('version,account-id'));
});

test('many distinct keys aggregate exactly like a plain Map would', async () => {
  const lines: string[] = [];
  const expected = new Map<string, number>();
  for (let i = 0; i < 20000; i++) {
    const a = `10.${i % 7}.${i % 251}.${(i * 7) % 253}`;
    const port = 1000 + (i % 3000);
    lines.push(`2 1 eni-${i % 13} ${a} 10.9.9.9 50000 ${port} 6 1 ${i} 100 160 ACCEPT OK`);
    const k = `${i % 13} ${a} ${port}`;
    expected.set(k, (expected.get(k) ?? 0) + i);
  }
  const { digest } = await digestText(lines.join('\n'));
  assert.equal(digest.entries.length, expected.size);
  for (const e of digest.entries) {
    assert.equal(e.bytes, expected.get(`${e.interfaceId.slice(4)} ${e.srcaddr} ${e.dstport}`));
  }
});
