import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openSources } from '../src/sources/index.ts';
import { readFlows } from '../src/sources/read-flows.ts';
import { createIngestStats } from '../src/model/ingest-stats.ts';
import type { FlowRecord } from '../src/model/flow-record.ts';

// Public sample files live beside the repository in ../shared/samples on the project's
// machines; a clone on its own has none, and then these checks are skipped, never failed.
const dir = join(import.meta.dirname, '..', '..', 'shared', 'samples');
const present = existsSync(dir);

async function read(file: string) {
  const stats = createIngestStats();
  const records: FlowRecord[] = [];
  for await (const batch of readFlows(openSources([join(dir, file)]), { stats })) {
    records.push(...batch);
  }
  return { records, stats };
}

const expectations: Record<string, (r: Awaited<ReturnType<typeof read>>) => void> = {
  'grafana-aws-flow-logs-10.3.11.57-142.250.185.91.log': ({ records }) => {
    assert.equal(records.length, 31);
    assert.ok(
      records.every((r) => r.pktSrcaddr === '142.250.185.91' || r.pktDstaddr === '142.250.185.91'),
    );
  },
  'grafana-aws-test_flow_logs.log': ({ records, stats }) => {
    assert.equal(records.length, 4);
    assert.equal(stats.nodata, 1);
    assert.equal(stats.skipdata, 1);
    assert.deepEqual(
      new Set(records.flatMap((r) => [r.pktSrcAwsService, r.pktDstAwsService]).filter(Boolean)),
      new Set(['EC2', 'AMAZON', 'S3']),
    );
  },
  'otel-valid_tgw_flow_log.log': ({ records }) => {
    assert.equal(records.length, 1);
    assert.equal(records[0]!.version, 6);
    assert.equal(records[0]!.action, undefined, 'TGW records have no action');
    assert.equal(records[0]!.packetsLostTtlExpired, 4);
  },
  'otel-valid_vpc_flow_cw.json': ({ records }) => {
    assert.deepEqual(
      records.map((r) => r.action),
      ['ACCEPT', 'REJECT'],
    );
  },
  'otel-valid_vpc_flow_log_ecs.log': ({ records }) => {
    assert.equal(records.length, 1);
    assert.ok(records[0]!.ecsClusterName, 'ECS fields are read by header although version says 5');
  },
};

for (const file of present ? readdirSync(dir).filter((f) => f !== 'README.md') : []) {
  test(`shared sample ${file} parses with no skips`, async () => {
    const r = await read(file);
    assert.deepEqual(r.stats.skipped, {});
    assert.ok(r.records.length > 0);
    expectations[file]?.(r);
  });
}

test(
  'shared samples present (informational)',
  { skip: present ? false : 'no ../shared/samples beside this clone' },
  () => {
    assert.ok(readdirSync(dir).length > 1);
  },
);
