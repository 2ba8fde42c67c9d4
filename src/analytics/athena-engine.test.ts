/**
 * No AWS account exists where flowlens is developed, so these tests run the Athena engine
 * against a local STAND-IN of the Athena JSON API (`athena-stand-in.ts`, x-amz-json-1.1 over
 * node:http), not against Amazon Athena. The stand-in speaks StartQueryExecution,
 * GetQueryExecution and GetQueryResults, records every request, binds `ExecutionParameters` literals to the `?` placeholders and runs
 * the query on DuckDB over generated data, so results can be compared with the streaming core.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AthenaClient } from '@aws-sdk/client-athena';
import { digestSources } from '../aggregate/digest-sources.ts';
import { createFileSource } from '../sources/file/file-source.ts';
import { AthenaEngine } from './athena-engine.ts';
import {
  STAND_IN_PAGE,
  startAthenaStandIn,
  type AthenaStandIn,
  type StandInCall,
} from './athena-stand-in.ts';
import { DuckDbEngine } from './duckdb-engine.ts';
import { buildDigestQuery, buildLinksQuery } from './query-builder.ts';
import { digestFromRows } from './query-results.ts';
import { syntheticFlowLines } from './synthetic-flows.ts';

let dir = '';
let textPath = '';
let duck: DuckDbEngine;
let standIn: AthenaStandIn;
let endpoint = '';
let calls: StandInCall[] = [];
const PAGE = STAND_IN_PAGE;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flowlens-athena-'));
  textPath = join(dir, 'flows.log');
  await writeFile(textPath, [...syntheticFlowLines({ records: 3000, hosts: 6 })].join('\n'));
  duck = await DuckDbEngine.create();
  await duck.load([createFileSource(textPath)]);
  standIn = await startAthenaStandIn(duck);
  endpoint = standIn.endpoint;
  calls = standIn.calls;
});

after(async () => {
  await standIn.close();
  await duck.close();
  await rm(dir, { recursive: true, force: true });
});

function engine(): AthenaEngine {
  const client = new AthenaClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'stand-in', secretAccessKey: 'stand-in' },
  });
  return new AthenaEngine({
    client,
    database: 'vpclogs',
    workgroup: 'primary',
    outputLocation: 's3://results-bucket/flowlens/',
    pollMs: 1,
  });
}

test('should start, poll and page a digest whose result equals the streaming core', async () => {
  calls.length = 0;
  standIn.outcome = 'SUCCEEDED';
  const window = { start: 1_767_230_000, stop: 1_767_330_000 };
  const rows = await engine().run(buildDigestQuery({ window }));
  const expected = await digestSources([createFileSource(textPath)], { window });
  assert.deepEqual(digestFromRows(rows), expected.digest);
  const targets = calls.map((c) => c.target.replace('AmazonAthena.', ''));
  const pages = Math.ceil(rows.length / PAGE);
  assert.ok(pages > 1);
  assert.deepEqual(targets, [
    'StartQueryExecution',
    'GetQueryExecution',
    'GetQueryExecution',
    'GetQueryExecution',
    ...Array.from({ length: pages }, () => 'GetQueryResults'),
  ]);
  const startCall = calls[0]!.body;
  assert.deepEqual(startCall.QueryExecutionContext, { Database: 'vpclogs' });
  assert.equal(startCall.WorkGroup, 'primary');
  assert.deepEqual(startCall.ResultConfiguration, {
    OutputLocation: 's3://results-bucket/flowlens/',
  });
  assert.deepEqual(startCall.ExecutionParameters, [String(window.start), String(window.stop)]);
});

test('should send an injection attempt in an IP as one bound parameter', async () => {
  calls.length = 0;
  standIn.outcome = 'SUCCEEDED';
  const evil = "10.0.1.3' OR '1'='1";
  const rows = await engine().run(buildLinksQuery({ mode: 'inspect', ip: evil }));
  assert.deepEqual(rows, []);
  const sent = calls[0]!.body;
  assert.ok(!String(sent.QueryString).includes('10.0.1.3'));
  assert.deepEqual(sent.ExecutionParameters, [
    "'10.0.1.3'' OR ''1''=''1'",
    "'10.0.1.3'' OR ''1''=''1'",
  ]);
});

test('should turn FAILED and CANCELLED into typed errors', async () => {
  standIn.outcome = 'FAILED';
  await assert.rejects(engine().run(buildDigestQuery()), { code: 'FLOW_QUERY_FAILED' });
  standIn.outcome = 'CANCELLED';
  await assert.rejects(engine().run(buildDigestQuery()), { code: 'FLOW_QUERY_CANCELLED' });
  standIn.outcome = 'SUCCEEDED';
});
