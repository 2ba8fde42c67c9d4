import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createFileSource } from '../sources/file/file-source.ts';
import { parseEngineChoice, resolveEngine } from './choose-engine.ts';
import { syntheticFlowLines } from './synthetic-flows.ts';
import { runCli } from '../cli/run-cli.ts';

let dir: string;
let parquetDir: string;
let textFile: string;

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await runCli(argv, { env: {} });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flowlens-engine-'));
  textFile = join(dir, 'in.log');
  await writeFile(textFile, [...syntheticFlowLines({ records: 4000, hosts: 6 })].join('\n'));
  parquetDir = join(dir, 'parquet');
  const conv = await cli(['convert', '--to', 'parquet', '--output', parquetDir, '-q', textFile]);
  assert.equal(conv.code, 0, conv.err);
  // A file with bad rows too, so both engines have something to skip.
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(`COPY (SELECT * FROM (VALUES
      (2, '123456789012', 'eni-1', '10.0.0.1', '10.0.0.2', 443, 50000, 6, 3, 300, 1767225600, 1767225660, 'ACCEPT', 'OK'),
      (2, '123456789012', 'eni-1', '10.0.0.1', '10.0.0.2', 70000, 50000, 6, 3, 300, 1767225600, 1767225660, 'ACCEPT', 'OK'),
      (2, '123456789012', 'eni-1', '10.0.0.300', '10.0.0.2', 443, 50000, 6, 3, 300, 1767225600, 1767225660, 'ACCEPT', 'OK'),
      (2, '123456789012', 'eni-1', '10.0.0.1', '10.0.0.2', 443, 50000, 6, 3, 300, 1767225600, 1767225660, 'DROP', 'OK'))
    t(version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, "start", "end", action, log_status))
    TO '${join(parquetDir, 'extra.parquet')}' (FORMAT parquet)`);
  conn.closeSync();
  db.closeSync();
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('auto picks DuckDB only for local Parquet without a window', async () => {
  assert.equal(await resolveEngine('auto', [createFileSource(parquetDir)]), 'duckdb');
  assert.equal(await resolveEngine('auto', [createFileSource(textFile)]), 'stream');
  assert.equal(await resolveEngine('auto', [createFileSource(dir)]), 'stream');
  const window = { start: 0, stop: 2e9 };
  assert.equal(await resolveEngine('auto', [createFileSource(parquetDir)], { window }), 'stream');
  assert.equal(await resolveEngine('stream', [createFileSource(parquetDir)]), 'stream');
  assert.throws(() => parseEngineChoice('spark'), /--engine must be one of/);
});

test('flowlens digest --engine stream and --engine duckdb print byte-identical output', async () => {
  for (const format of ['digest', 'json', 'csv']) {
    const run = async (engine: string) => {
      const stats = join(dir, `${engine}-${format}.json`);
      const r = await cli([
        'digest',
        '--engine',
        engine,
        '--format',
        format,
        '--stats-file',
        stats,
        parquetDir,
      ]);
      assert.equal(r.code, 0, r.err);
      const s = JSON.parse(await readFile(stats, 'utf8'));
      return {
        out: r.out,
        counts: [s.records, s.kept, s.skipped, s.nodata, s.skipdata, s.coverage],
      };
    };
    const stream = await run('stream');
    const duck = await run('duckdb');
    const auto = await run('auto');
    assert.ok(stream.out.split('\n').length > 100, format);
    assert.equal(duck.out, stream.out, format);
    assert.equal(auto.out, stream.out, format);
    assert.deepEqual(duck.counts, stream.counts, format);
    assert.deepEqual(stream.counts[2], { bad_port: 1, bad_address: 1, bad_action: 1 });
  }
  // The text original gives the same digest lines as its Parquet conversion (minus the extra file).
  const text = await cli(['digest', '-q', '--engine', 'duckdb', textFile]);
  const textStream = await cli(['digest', '-q', textFile]);
  assert.equal(text.out, textStream.out);
});

test('--strict fails on bad Parquet rows through DuckDB as through the stream', async () => {
  for (const engine of ['stream', 'duckdb']) {
    const r = await cli(['digest', '-q', '--strict', '--engine', engine, parquetDir]);
    assert.equal(r.code, 1, engine);
    assert.match(r.err, /3 bad or unreadable/, engine);
  }
});
