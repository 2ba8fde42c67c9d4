import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { digestSources } from '../../aggregate/digest-sources.ts';
import { createFileSource } from '../file/file-source.ts';
import { readFlows } from '../read-flows.ts';
import { bufferObject } from './parquet-buffer.ts';
import { openParquetLines } from './parquet-lines.ts';

const TEXT = [
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
  '2 000123456789 eni-abc123de 172.31.16.139 172.31.16.21 20641 80 6 20 1000 1418530010 1418530070 ACCEPT OK',
  '2 000123456789 eni-abc123de 172.31.16.139 172.31.16.21 20541 80 6 20 1000 1518530010 1518530070 ACCEPT OK',
  '2 000123456789 eni-1a2b3c4d - - - - - - - 1431280876 1431280934 - NODATA',
  '2 000123456789 eni-abc123de 172.31.16.139 172.31.16.21 20341 80 6 20 1000 1718530010 1718530070 REJECT OK',
  '2 000123456789 eni-abc123de 172.31.16.21 172.31.16.139 80 20241 6 7 300 1818530010 1818530070 ACCEPT OK',
];

/** The text rows above as typed columns with AWS's underscore names (null for `-`). */
function columns() {
  const rows = TEXT.slice(1).map((l) => l.split(' ').map((t) => (t === '-' ? null : t)));
  const header = TEXT[0]!.split(' ');
  const types: Record<string, 'INT32' | 'INT64' | 'STRING'> = {
    version: 'INT32',
    srcport: 'INT32',
    dstport: 'INT32',
    protocol: 'INT32',
    packets: 'INT64',
    bytes: 'INT64',
    start: 'INT64',
    end: 'INT64',
  };
  return header.map((name, c) => {
    const type = types[name] ?? 'STRING';
    const data = rows.map((r) => {
      const v = r[c] ?? null;
      if (v === null || type === 'STRING') {
        return v;
      }
      return type === 'INT64' ? BigInt(v) : Number(v);
    });
    return { name: name.replace(/-/g, '_'), data, type };
  });
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'flowlens-pq-test-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('should render a Parquet file as a hyphenated header and lines with - for null', async () => {
  const buf = parquetWriteBuffer({ columnData: columns() });
  const pl = await openParquetLines(buf);
  assert.deepEqual(pl.header, TEXT[0]!.split(' '));
  let text = '';
  for await (const b of pl.lines()) {
    text += b.toString('utf8');
  }
  assert.deepEqual(text.trimEnd().split('\n'), TEXT.slice(1));
});

test('should digest Parquet exactly as the same rows in text, keeping account-id a string', async () => {
  await withDir(async (dir) => {
    await writeFile(
      join(dir, 'a.log.parquet'),
      Buffer.from(parquetWriteBuffer({ columnData: columns() })),
    );
    await writeFile(join(dir, 'a.log'), TEXT.join('\n') + '\n');
    const fromParquet = await digestSources([createFileSource(join(dir, 'a.log.parquet'))]);
    const fromText = await digestSources([createFileSource(join(dir, 'a.log'))]);
    assert.deepEqual(fromParquet.digest, fromText.digest);
    assert.equal(fromParquet.digest.entries[0]!.accountId, '000123456789');
    assert.equal(fromParquet.stats.nodata, 1);
    assert.equal(fromParquet.stats.kept, 4);
    assert.deepEqual(fromParquet.stats.skipped, {});
  });
});

test('should read Parquet written by DuckDB (gzip pages, numeric account id padded)', async () => {
  await withDir(async (dir) => {
    const text = join(dir, 'in.log');
    await writeFile(text, TEXT.join('\n') + '\n');
    const out = join(dir, 'duck.log.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      // Typed as AWS documents them; account_id deliberately BIGINT to lose its leading zeros.
      await c.run(
        `CREATE TABLE t AS SELECT * FROM read_csv($1, delim = ' ', header = true, nullstr = '-',
           columns = {'version': 'INTEGER', 'account-id': 'BIGINT', 'interface-id': 'VARCHAR',
             'srcaddr': 'VARCHAR', 'dstaddr': 'VARCHAR', 'srcport': 'INTEGER', 'dstport': 'INTEGER',
             'protocol': 'INTEGER', 'packets': 'BIGINT', 'bytes': 'BIGINT', 'start': 'BIGINT',
             'end': 'BIGINT', 'action': 'VARCHAR', 'log-status': 'VARCHAR'})`,
        [text],
      );
      await c.run(
        `COPY (SELECT "version", "account-id" AS account_id, "interface-id" AS interface_id,
           srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, "start", "end", action,
           "log-status" AS log_status FROM t) TO '${out}' (FORMAT parquet, COMPRESSION gzip)`,
      );
    } finally {
      c.closeSync();
      db.closeSync();
    }
    const fromDuck = await digestSources([createFileSource(out)]);
    const fromText = await digestSources([createFileSource(text)]);
    assert.deepEqual(fromDuck.digest, fromText.digest);
    const records = [];
    for await (const batch of readFlows([createFileSource(out)])) {
      records.push(...batch);
    }
    assert.equal(records[0]!.accountId, '000123456789');
    assert.equal(records[0]!.bytes, 1000);
  });
});

test('should spill a large object to a temp file and read it back at random', async () => {
  const data = Buffer.from(parquetWriteBuffer({ columnData: columns() }));
  async function* chunks() {
    for (let i = 0; i < data.length; i += 100) {
      yield data.subarray(i, i + 100);
    }
  }
  const spilled = await bufferObject(chunks(), 1 << 20, 256);
  try {
    assert.equal(ArrayBuffer.isView(spilled.file), false);
    assert.equal(spilled.file instanceof ArrayBuffer, false);
    const pl = await openParquetLines(spilled.file);
    assert.equal(pl.rows, TEXT.length - 1);
  } finally {
    await spilled.close();
  }
  await assert.rejects(bufferObject(chunks(), 500), { code: 'FLOW_DECODE_TOO_LARGE' });
});

test('should count a corrupt Parquet object as unreadable, not throw', async () => {
  await withDir(async (dir) => {
    await writeFile(join(dir, 'bad.log.parquet'), Buffer.from('PAR1 this is not parquet'));
    const r = await digestSources([createFileSource(dir)]);
    assert.equal(r.stats.skipped.unreadable_object, 1);
    assert.equal(r.digest.entries.length, 0);
  });
});
