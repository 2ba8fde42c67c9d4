import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { digestSources } from '../aggregate/digest-sources.ts';
import { digestWriters } from '../aggregate/digest-writers.ts';
import type { IngestStats } from '../model/ingest-stats.ts';
import { isIpBytes } from '../sources/decode/ip-bytes.ts';
import { createFileSource } from '../sources/file/file-source.ts';
import { DuckDbEngine } from './duckdb-engine.ts';
import { buildDigestQuery } from './query-builder.ts';
import { digestFromRows } from './query-results.ts';
import { badAddressSql } from './row-verdict-sql.ts';
import { runCli } from '../cli/run-cli.ts';

let dir: string;
let db: DuckDBInstance;
let conn: DuckDBConnection;

const lit = (v: string | number | null): string =>
  v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`;

/** Writes rows to Parquet with DuckDB, the column types given (so bad values can be stored). */
async function writeParquet(
  path: string,
  columns: readonly (readonly [string, string])[],
  rows: readonly (readonly (string | number | null)[])[],
): Promise<void> {
  const select = rows
    .map(
      (r) =>
        `SELECT ${r.map((v, i) => `CAST(${lit(v)} AS ${columns[i]![1]}) AS "${columns[i]![0]}"`).join(', ')}`,
    )
    .join(' UNION ALL ');
  await conn.run(`COPY (${select}) TO ${lit(path)} (FORMAT parquet)`);
}

const V2_TYPED = [
  ['version', 'INTEGER'],
  ['account_id', 'VARCHAR'],
  ['interface_id', 'VARCHAR'],
  ['srcaddr', 'VARCHAR'],
  ['dstaddr', 'VARCHAR'],
  ['srcport', 'INTEGER'],
  ['dstport', 'INTEGER'],
  ['protocol', 'INTEGER'],
  ['packets', 'BIGINT'],
  ['bytes', 'BIGINT'],
  ['start', 'BIGINT'],
  ['end', 'BIGINT'],
  ['action', 'VARCHAR'],
  ['log_status', 'VARCHAR'],
] as const;

const A = '123456789012';
const T = 1_767_225_600;
const row = (over: Partial<Record<string, string | number | null>>) => {
  const base: Record<string, string | number | null> = {
    version: 2,
    account_id: A,
    interface_id: 'eni-1',
    srcaddr: '10.0.0.1',
    dstaddr: '10.0.0.2',
    srcport: 443,
    dstport: 50000,
    protocol: 6,
    packets: 3,
    bytes: 300,
    start: T,
    end: T + 60,
    action: 'ACCEPT',
    log_status: 'OK',
  };
  const r = { ...base, ...over };
  return V2_TYPED.map(([n]) => r[n] ?? null);
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flowlens-validity-'));
  await mkdir(join(dir, 'in'));
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  await writeParquet(join(dir, 'in', 'typed.parquet'), V2_TYPED, [
    row({}),
    row({ srcaddr: '2001:db8::1', dstaddr: '::ffff:10.0.0.9', bytes: 10 }),
    row({ action: 'reject', srcport: 22, dstport: 60000 }),
    row({ action: null, srcport: null }),
    row({ interface_id: '', srcaddr: '-' }),
    row({ srcport: 70000 }),
    row({ dstport: -1 }),
    row({ protocol: 300 }),
    row({ bytes: -5 }),
    row({ srcaddr: '10.0.0.256' }),
    row({ dstaddr: '010.0.0.1' }),
    row({ srcaddr: 'fe80::1%eth0' }),
    row({ srcaddr: '1:2:3:4:5:6:7::8' }),
    row({ action: 'MAYBE' }),
    row({ log_status: 'bogus' }),
    row({ log_status: null }),
    row({ log_status: 'NODATA', srcaddr: null, dstaddr: null, interface_id: 'eni-9' }),
    row({ log_status: 'skipdata', interface_id: 'eni-9', start: T + 600, end: T + 660 }),
    row({ interface_id: 'eni-\u0001' }),
    row({ srcport: 70000, srcaddr: 'bad' }),
  ]);
  // Numbers stored as text, as a hand-made or foreign Parquet file might.
  const textTyped = V2_TYPED.map(([n, t]) => [n, t === 'VARCHAR' ? t : 'VARCHAR'] as const);
  await writeParquet(join(dir, 'in', 'text.parquet'), textTyped, [
    row({ srcport: '80', dstport: '1024', bytes: '5' }).map((v) => (v === null ? v : String(v))),
    row({ srcport: 'abc' }).map((v) => (v === null ? v : String(v))),
    row({ srcport: '-', bytes: '' }).map((v) => (v === null ? v : String(v))),
    row({ protocol: '256' }).map((v) => (v === null ? v : String(v))),
    row({ packets: '1.5' }).map((v) => (v === null ? v : String(v))),
  ]);
});

after(async () => {
  conn.closeSync();
  db.closeSync();
  await rm(dir, { recursive: true, force: true });
});

function comparable(s: IngestStats) {
  return {
    records: s.records,
    kept: s.kept,
    skipped: s.skipped,
    nodata: s.nodata,
    skipdata: s.skipdata,
    coverage: s.coverage,
    objects: s.objects,
  };
}

test('DuckDB over bad Parquet in place: same digest and same skip counts as the streaming core', async () => {
  const input = join(dir, 'in');
  const streamed = await digestSources([createFileSource(input)]);
  const engine = await DuckDbEngine.create();
  try {
    await engine.load([createFileSource(input)]);
    const rows = await engine.run(buildDigestQuery());
    const viaDuck = digestFromRows(rows);
    const text = (d: typeof viaDuck) => [...digestWriters.digest(d)].join('');
    assert.equal(text(viaDuck), text(streamed.digest));
    const stats = await engine.ingestStats();
    assert.deepEqual(comparable(stats), comparable(streamed.stats));
    // The fixture really exercises every rule.
    assert.deepEqual(Object.keys(stats.skipped).sort(), [
      'bad_action',
      'bad_address',
      'bad_log_status',
      'bad_number',
      'bad_port',
      'bad_protocol',
      'binary_junk',
    ]);
    assert.equal(stats.skipped.bad_port, 2);
    assert.equal(stats.kept, 7);
  } finally {
    await engine.close();
  }
});

test('the SQL address rule agrees with the parser on tricky addresses', async () => {
  const cases = [
    '10.0.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '256.1.1.1',
    '01.1.1.1',
    '1.1.1',
    '1.1.1.1.',
    '1..1.1',
    '::',
    '::1',
    '1::',
    '1:',
    ':1',
    ':::',
    '1:::2',
    '1::2::3',
    '2001:db8::1',
    '2001:DB8:0:0:0:0:0:1',
    '1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7::',
    '::1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7::8',
    '::ffff:10.0.0.1',
    '1:2:3:4:5:6:1.2.3.4',
    '1:2:3:4:5::1.2.3.4',
    '1:2:3:4:5:6::1.2.3.4',
    '::1.2.3.4:5',
    '1.2.3.4::',
    '12345::1',
    'g::1',
    'fe80::1%eth0',
    'ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255',
    'abc',
  ];
  const values = cases.map((c) => `(${lit(c)})`).join(', ');
  const sql = `SELECT a, ${badAddressSql({ name: 'a', type: 'VARCHAR' })} AS bad FROM (VALUES ${values}) t(a)`;
  const reader = await conn.runAndReadAll(sql);
  for (const r of reader.getRowObjectsJS()) {
    const a = String(r.a);
    const b = Buffer.from(a);
    assert.equal(r.bad, !isIpBytes(b, 0, b.length), a);
  }
});

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await runCli(argv, { env: {} });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

test('flowlens query digest reports the same skips as flowlens digest', async () => {
  const input = join(dir, 'in');
  const statsOf = async (cmd: string[], file: string) => {
    const r = await cli([...cmd, '--stats-file', join(dir, file), input]);
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(await readFile(join(dir, file), 'utf8'));
    return { out: r.out, err: r.err, records: s.records, kept: s.kept, skipped: s.skipped };
  };
  const stream = await statsOf(['digest'], 'stream.json');
  const duck = await statsOf(['query', 'digest'], 'duck.json');
  assert.equal(duck.out, stream.out);
  assert.deepEqual(
    { records: duck.records, kept: duck.kept, skipped: duck.skipped },
    { records: stream.records, kept: stream.kept, skipped: stream.skipped },
  );
  assert.match(duck.err, /25 records in 2 object\(s\), 7 kept, 16 skipped \(.*bad_port=2/);
});
