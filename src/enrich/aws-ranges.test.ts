import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createAwsRangeLookup, identifyAws } from './aws-ranges.ts';
import {
  snapshotFromIpRanges,
  formatSnapshot,
  readAwsRangesSnapshot,
} from './aws-ranges-snapshot.ts';
import { classifyIp } from './classify-ip.ts';
import { composeEnrichers } from './enricher.ts';
import { isFlowError } from '../model/errors.ts';

/** A payload in ip-ranges.json's format (test data shaped like AWS's real entries). */
const IP_RANGES_FIXTURE: unknown = JSON.parse(
  readFileSync(new URL('../../test/fixtures/aws/ip-ranges.json', import.meta.url), 'utf8'),
);

const lookup = createAwsRangeLookup(snapshotFromIpRanges(IP_RANGES_FIXTURE));

test('compaction keeps prefix, service and region and drops exact duplicates', () => {
  const snap = snapshotFromIpRanges(IP_RANGES_FIXTURE);
  assert.equal(snap.syncToken, '1700000000');
  assert.equal(snap.createDate, '2023-11-14-22-13-20');
  assert.equal(snap.prefixes.length, 9);
  assert.deepEqual(snap.prefixes[1], ['3.5.140.0/22', 'S3', 'ap-northeast-2']);
  assert.deepEqual(JSON.parse(formatSnapshot(snap)), snap);
});

test('longest-prefix match, preferring a specific service over AMAZON', () => {
  const cases: [string, string | null, string | null, string | null][] = [
    ['3.5.140.2', 'S3', 'ap-northeast-2', '3.5.140.0/22'],
    ['3.5.144.1', null, null, null],
    ['52.94.1.1', 'DYNAMODB', 'us-east-1', '52.94.0.0/18'],
    ['52.94.77.1', 'AMAZON', 'us-west-2', '52.94.76.0/22'],
    ['52.94.200.1', 'AMAZON', 'us-east-1', '52.94.0.0/16'],
    ['13.33.255.255', 'CLOUDFRONT', 'GLOBAL', '13.32.0.0/15'],
    ['13.34.0.0', null, null, null],
    ['2600:1f18:1234::1', 'EC2', 'us-east-1', '2600:1f18::/33'],
    ['2600:1f18:8000::1', 'AMAZON', 'GLOBAL', '2600:1f00::/24'],
    ['2600:1f19::1', 'AMAZON', 'GLOBAL', '2600:1f00::/24'],
    ['::ffff:3.5.140.2', 'S3', 'ap-northeast-2', '3.5.140.0/22'],
    ['not an ip', null, null, null],
  ];
  for (const [ip, service, region, prefix] of cases) {
    const hit = lookup.lookup(ip);
    assert.deepEqual(
      hit === null ? [null, null, null] : [hit.service, hit.region, hit.prefix],
      [service, region, prefix],
      ip,
    );
  }
});

test('identifyAws tags public addresses only', () => {
  const enrich = composeEnrichers(classifyIp, identifyAws(lookup));
  assert.equal(enrich('3.5.140.2').aws?.service, 'S3');
  const inside = createAwsRangeLookup({
    source: 't',
    syncToken: '1',
    createDate: 'x',
    prefixes: [['10.0.0.0/8', 'EC2', 'us-east-1']],
  });
  assert.equal(composeEnrichers(classifyIp, identifyAws(inside))('10.1.1.1').aws, undefined);
});

test('malformed ip-ranges.json is rejected with FLOW_DATA_INVALID', () => {
  const bad: unknown[] = [
    null,
    'text',
    { syncToken: '1', createDate: 'x' },
    {
      syncToken: '1',
      createDate: 'x',
      prefixes: [{ ip_prefix: '300.0.0.0/8', service: 'EC2', region: 'r' }],
    },
    { syncToken: '1', createDate: 'x', prefixes: [{ ip_prefix: '1.0.0.0/8', region: 'r' }] },
    { createDate: 'x', prefixes: [] },
  ];
  for (const doc of bad) {
    assert.throws(
      () => snapshotFromIpRanges(doc),
      (e) => isFlowError(e, 'FLOW_DATA_INVALID'),
      JSON.stringify(doc),
    );
  }
});

test('the vendored snapshot file loads and builds a lookup', async () => {
  const snap = await readAwsRangesSnapshot();
  assert.ok(Array.isArray(snap.prefixes));
  const vendored = createAwsRangeLookup(snap);
  assert.equal(vendored.size, snap.prefixes.length);
  assert.equal(vendored.lookup('10.0.0.1'), null);
});
