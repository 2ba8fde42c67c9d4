import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../cli/main.ts';
import { syntheticFlowLines } from './synthetic-flows.ts';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const code = await main(argv, {
    stdin: new PassThrough(),
    stdout,
    stderr,
    env: {},
    cwd: process.cwd(),
  });
  return { code, out, err };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    out.push(...(e.isDirectory() ? await walk(p) : [p]));
  }
  return out;
}

test('convert writes Hive partitions whose DuckDB digest equals the streaming digest', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'flowlens-convert-'));
  try {
    const text = join(dir, 'in.log');
    await writeFile(text, [...syntheticFlowLines({ records: 5000, hosts: 8 })].join('\n'));
    const outDir = join(dir, 'out');
    const conv = await cli([
      'convert',
      '--to',
      'parquet',
      '--output',
      outDir,
      '--row-group-rows',
      '500',
      '-q',
      text,
    ]);
    assert.equal(conv.code, 0, conv.err);
    const files = (await walk(outDir)).map((f) => relative(outDir, f));
    assert.ok(files.length >= 4);
    for (const f of files) {
      assert.match(
        f,
        /^AWSLogs\/aws-account-id=\d{12}\/aws-service=vpcflowlogs\/aws-region=unknown\/year=2026\/month=01\/day=0[1-3]\/flowlens_\d+_0\.log\.parquet$/,
      );
    }
    const streamed = await cli(['digest', '-q', text]);
    const viaDuck = await cli(['query', 'digest', outDir]);
    const viaParquetStream = await cli(['digest', '-q', outDir]);
    assert.equal(viaDuck.code, 0, viaDuck.err);
    assert.ok(streamed.out.length > 0);
    assert.equal(viaDuck.out, streamed.out);
    assert.equal(viaParquetStream.out, streamed.out);
    const sql = await cli([
      'query',
      '--sql',
      'SELECT count(*) AS n, count(DISTINCT account_id) AS a FROM flows',
      outDir,
    ]);
    const [header, row] = sql.out.trim().split('\n');
    assert.equal(header, 'n,a');
    assert.equal(row!.split(',')[1], '2');
    const ddl = await cli([
      'athena',
      'ddl',
      '--bucket',
      'my-bucket',
      '--format',
      'parquet',
      '--layout',
      'hive',
    ]);
    assert.match(ddl.out, /STORED AS PARQUET/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
