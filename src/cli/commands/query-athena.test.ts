/**
 * `flowlens query … --engine athena` and `flowlens digest --engine athena` end to end, against
 * a local STAND-IN of the Athena API (`src/analytics/athena-stand-in.ts`), NOT Amazon Athena:
 * no AWS account exists where flowlens is developed. The stand-in's "table" is a DuckDB view
 * shaped like `flowlens athena ddl`'s daily layout (flow columns plus the aws_account_id,
 * aws_region and day partition columns) over generated data.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAthenaStandIn, type AthenaStandIn } from '../../analytics/athena-stand-in.ts';
import { DuckDbEngine } from '../../analytics/duckdb-engine.ts';
import { syntheticFlowLines } from '../../analytics/synthetic-flows.ts';
import { createFileSource } from '../../sources/file/file-source.ts';
import { runCli } from '../run-cli.ts';

let dir = '';
let textPath = '';
let duck: DuckDbEngine;
let standIn: AthenaStandIn;
const saved = { ...process.env };

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await runCli(argv, { env: {} });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flowlens-athena-cli-'));
  textPath = join(dir, 'flows.log');
  await writeFile(textPath, [...syntheticFlowLines({ records: 2000, hosts: 5 })].join('\n'));
  duck = await DuckDbEngine.create();
  await duck.load([createFileSource(textPath)]);
  const secs = `CASE WHEN "start" > 100000000000 THEN "start" // 1000 ELSE "start" END`;
  await duck.run({ sql: 'CREATE SCHEMA vpclogs', params: [] });
  await duck.run({
    sql: `CREATE VIEW vpclogs.vpc_flow_logs AS SELECT *, account_id AS aws_account_id,
      'us-east-1' AS aws_region, strftime(to_timestamp(${secs}), '%Y/%m/%d') AS "day" FROM flows`,
    params: [],
  });
  standIn = await startAthenaStandIn(duck);
  // The SDK's default credential chain reads these; the stand-in ignores signatures.
  process.env.AWS_ACCESS_KEY_ID = 'stand-in';
  process.env.AWS_SECRET_ACCESS_KEY = 'stand-in';
});

after(async () => {
  process.env = saved;
  await standIn.close();
  await duck.close();
  await rm(dir, { recursive: true, force: true });
});

const athena = () => [
  '--engine',
  'athena',
  '--database',
  'vpclogs',
  '--workgroup',
  'primary',
  '--output-location',
  's3://results-bucket/flowlens/',
  '--region',
  'us-east-1',
  '--athena-endpoint',
  standIn.endpoint,
];

const window = ['--start', '2026-01-01T06:00:00Z', '--stop', '2026-01-02T06:00:00Z'];

test('[stand-in] query digest --engine athena equals the local DuckDB query, parameters bound', async () => {
  standIn.calls.length = 0;
  const viaAthena = await cli([
    'query',
    'digest',
    ...athena(),
    ...window,
    '--accounts',
    '000123456789',
  ]);
  assert.equal(viaAthena.code, 0, viaAthena.err);
  // Locally, the same builder query with the same account filter, over the same records.
  const local = await cli([
    'query',
    'digest',
    '-q',
    ...window,
    '--accounts',
    '000123456789',
    textPath,
  ]);
  assert.equal(local.code, 0, local.err);
  assert.ok(local.out.split('\n').length > 10);
  assert.equal(viaAthena.out, local.out);
  const start = standIn.calls.find((c) => c.target === 'AmazonAthena.StartQueryExecution')!;
  assert.match(String(start.body.QueryString), /FROM "vpclogs"\."vpc_flow_logs"/);
  assert.deepEqual(start.body.ExecutionParameters, [
    '1767247200',
    '1767333600',
    "'000123456789'",
    "'2026/01/01'",
    "'2026/01/02'",
    "'000123456789'",
  ]);
  assert.deepEqual(start.body.QueryExecutionContext, { Database: 'vpclogs' });
});

test('[stand-in] digest --engine athena and query top-talkers --engine athena', async () => {
  const viaDigest = await cli(['digest', '-q', ...athena(), ...window]);
  assert.equal(viaDigest.code, 0, viaDigest.err);
  const streamed = await cli(['digest', '-q', ...window, textPath]);
  assert.equal(viaDigest.out, streamed.out);
  const talkers = await cli([
    'query',
    'top-talkers',
    '--limit',
    '3',
    '--format',
    'json',
    ...athena(),
  ]);
  assert.equal(talkers.code, 0, talkers.err);
  const local = await cli([
    'query',
    'top-talkers',
    '-q',
    '--limit',
    '3',
    '--format',
    'json',
    textPath,
  ]);
  assert.deepEqual(JSON.parse(talkers.out), JSON.parse(local.out));
});

test('[stand-in] a FAILED Athena query is a typed error and exit 1', async () => {
  standIn.outcome = 'FAILED';
  try {
    const r = await cli(['query', 'graph', ...athena()]);
    assert.equal(r.code, 1);
    assert.match(r.err, /stand-in failure/);
  } finally {
    standIn.outcome = 'SUCCEEDED';
  }
});
