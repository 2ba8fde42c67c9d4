import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAthenaDdl } from './athena-ddl.ts';
import { PARTITION_LAYOUTS } from './athena-layouts.ts';
import { buildDigestQuery } from './query-builder.ts';

test('should print a text table with header skip, space delimiter and daily projection', () => {
  const ddl = buildAthenaDdl({
    bucket: 'my-flow-logs',
    prefix: 'vpc',
    regions: ['us-east-1', 'eu-west-1'],
  });
  assert.match(ddl, /^CREATE EXTERNAL TABLE IF NOT EXISTS `vpc_flow_logs` \(/);
  assert.match(ddl, /`account_id` string,\n/);
  assert.match(ddl, /`srcport` int,\n/);
  assert.match(ddl, /`bytes` bigint,\n/);
  assert.match(ddl, /`end` bigint,\n/);
  assert.match(ddl, /ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '/);
  assert.match(ddl, /'skip.header.line.count' = '1'/);
  assert.match(ddl, /'projection.aws_account_id.type' = 'injected'/);
  assert.match(ddl, /'projection.aws_region.values' = 'us-east-1,eu-west-1'/);
  assert.match(ddl, /'projection.day.range' = '2021\/01\/01,NOW'/);
  assert.match(
    ddl,
    /'storage.location.template' = 's3:\/\/my-flow-logs\/vpc\/AWSLogs\/\$\{aws_account_id\}\/vpcflowlogs\/\$\{aws_region\}\/\$\{day\}\/'/,
  );
});

test('should print a Parquet table over a custom format, hourly and Hive layouts', () => {
  const fields = ['srcaddr', 'dstaddr', 'tcp-flags', 'flow-direction', 'log-status'];
  const hourly = buildAthenaDdl({ bucket: 'b-1', format: 'parquet', fields, layout: 'hourly' });
  assert.match(hourly, /STORED AS PARQUET/);
  assert.doesNotMatch(hourly, /skip.header/);
  assert.match(
    hourly,
    /`tcp_flags` int,\n {2}`flow_direction` string,\n {2}`log_status` string\n\)/,
  );
  assert.match(hourly, /`hour` string\)/);
  assert.match(hourly, /'projection.hour.interval.unit' = 'HOURS'/);
  const hive = buildAthenaDdl({
    bucket: 'b-1',
    format: 'parquet',
    layout: 'hive',
    accounts: ['000123456789'],
  });
  assert.match(
    hive,
    /aws-account-id=\$\{aws_account_id\}\/aws-service=vpcflowlogs\/aws-region=\$\{aws_region\}\/\$\{day\}\//,
  );
  assert.match(hive, /'projection.day.format' = '\\'year=\\'yyyy\\'\/month=\\'MM\\'\/day=\\'dd'/);
  assert.match(hive, /'projection.day.range' = 'year=2021\/month=01\/day=01,NOW'/);
  assert.match(hive, /'projection.aws_account_id.values' = '000123456789'/);
});

test('should reject unsafe bucket, prefix, table and list values', () => {
  assert.throws(() => buildAthenaDdl({ bucket: "b'; DROP" }), { code: 'FLOW_USAGE' });
  assert.throws(() => buildAthenaDdl({ bucket: 'bucket', prefix: "x'y" }), { code: 'FLOW_USAGE' });
  assert.throws(() => buildAthenaDdl({ bucket: 'bucket', table: 'a b' }), { code: 'FLOW_USAGE' });
  assert.throws(() => buildAthenaDdl({ bucket: 'bucket', regions: ["us'"] }), {
    code: 'FLOW_USAGE',
  });
  assert.throws(() => buildAthenaDdl({ bucket: 'bucket', fields: ['nope'] }), {
    code: 'FLOW_USAGE',
  });
});

test('should bind partition bounds for the layout when querying Athena tables', () => {
  const q = buildDigestQuery({
    table: 'vpclogs.vpc_flow_logs',
    window: { start: 1_767_225_600, stop: 1_767_312_000 },
    accounts: ['000123456789'],
    partitions: PARTITION_LAYOUTS.hive,
  });
  assert.match(q.sql, /FROM "vpclogs"\."vpc_flow_logs"/);
  assert.match(q.sql, /"day" >= \? AND "day" <= \?/);
  assert.match(q.sql, /"aws_account_id" IN \(\?\)/);
  assert.deepEqual(
    q.params.map((p) => p.value),
    [
      1_767_225_600,
      1_767_312_000,
      '000123456789',
      'year=2026/month=01/day=01',
      'year=2026/month=01/day=01',
      '000123456789',
    ],
  );
});

test('should print the Hive layout with hour folders (hive-hourly) with hourly projection', () => {
  const ddl = buildAthenaDdl({
    bucket: 'flow-bucket',
    prefix: 'vpc',
    format: 'parquet',
    fields: ['srcaddr', 'bytes'],
    layout: 'hive-hourly',
    regions: ['eu-west-1'],
    since: '2026-01-02',
  });
  assert.equal(
    ddl,
    [
      'CREATE EXTERNAL TABLE IF NOT EXISTS `vpc_flow_logs` (',
      '  `srcaddr` string,',
      '  `bytes` bigint',
      ')',
      'PARTITIONED BY (`aws_account_id` string, `aws_region` string, `hour` string)',
      'STORED AS PARQUET',
      "LOCATION 's3://flow-bucket/vpc/AWSLogs/'",
      'TBLPROPERTIES (',
      "  'projection.enabled' = 'true',",
      "  'projection.aws_account_id.type' = 'injected',",
      "  'projection.aws_region.type' = 'enum',",
      "  'projection.aws_region.values' = 'eu-west-1',",
      "  'projection.hour.type' = 'date',",
      "  'projection.hour.format' = '\\'year=\\'yyyy\\'/month=\\'MM\\'/day=\\'dd\\'/hour=\\'HH',",
      "  'projection.hour.range' = 'year=2026/month=01/day=02/hour=00,NOW',",
      "  'projection.hour.interval' = '1',",
      "  'projection.hour.interval.unit' = 'HOURS',",
      "  'storage.location.template' = 's3://flow-bucket/vpc/AWSLogs/aws-account-id=${aws_account_id}/aws-service=vpcflowlogs/aws-region=${aws_region}/${hour}/'",
      ');',
      '',
    ].join('\n'),
  );
  // Queries bind the hour partition bounds in the same spelling, so projection prunes by hour.
  const q = buildDigestQuery({
    table: 'db.t',
    window: { start: 1767322800, stop: 1767330000 },
    partitions: PARTITION_LAYOUTS['hive-hourly'],
  });
  assert.match(q.sql, /"hour" >= \? AND "hour" <= \?/);
  assert.deepEqual(
    q.params.slice(-2).map((p) => p.value),
    ['year=2026/month=01/day=02/hour=03', 'year=2026/month=01/day=02/hour=04'],
  );
});
