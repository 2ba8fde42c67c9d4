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

test('the vendored snapshot is real AWS data and resolves well-known ranges', async () => {
  const snap = await readAwsRangesSnapshot();
  // AWS publishes thousands of prefixes, IPv4 and IPv6; an empty or toy file fails here.
  const v6 = snap.prefixes.filter(([prefix]) => prefix.includes(':')).length;
  assert.ok(snap.prefixes.length - v6 > 5000, `${snap.prefixes.length - v6} IPv4 prefixes`);
  assert.ok(v6 > 1000, `${v6} IPv6 prefixes`);
  assert.match(snap.createDate ?? '', /^\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}$/);
  assert.match(snap.syncToken ?? '', /^\d{10}$/);
  // syncToken is the publication time, createDate the same instant in UTC.
  const [y, mo, d, h, mi, s] = (snap.createDate ?? '').split('-').map(Number);
  assert.equal(Date.UTC(y!, mo! - 1, d, h, mi, s) / 1000, Number(snap.syncToken));
  assert.match(snap.source, /ip-ranges\.amazonaws\.com/);

  // Long-lived ranges, each listed in the snapshot under its service (and under AMAZON).
  const cases: [ip: string, service: string, region: string, prefix: string][] = [
    ['52.216.1.1', 'S3', 'us-east-1', '52.216.0.0/15'],
    ['54.231.10.10', 'S3', 'us-east-1', '54.231.0.0/16'],
    ['54.247.1.1', 'EC2', 'eu-west-1', '54.247.0.0/16'],
    ['63.32.1.1', 'EC2', 'eu-west-1', '63.32.0.0/14'],
    ['52.4.1.1', 'EC2', 'us-east-1', '52.4.0.0/14'],
    ['13.32.1.1', 'CLOUDFRONT', 'GLOBAL', '13.32.0.0/15'],
    ['54.192.1.1', 'CLOUDFRONT', 'GLOBAL', '54.192.0.0/16'],
    ['2600:1f18::1', 'EC2', 'us-east-1', '2600:1f18::/33'],
    ['2a05:d018::1', 'EC2', 'eu-west-1', '2a05:d018::/35'],
    ['2600:9000:3000::1', 'CLOUDFRONT', 'GLOBAL', '2600:9000:3000::/36'],
  ];
  const listed = new Set(snap.prefixes.map((row) => row.join(' ')));
  const vendored = createAwsRangeLookup(snap);
  for (const [ip, service, region, prefix] of cases) {
    assert.ok(listed.has(`${prefix} ${service} ${region}`), `${prefix} ${service} ${region}`);
    assert.ok(listed.has(`${prefix} AMAZON ${region}`), `${prefix} AMAZON ${region}`);
    const hit = vendored.lookup(ip);
    assert.deepEqual(hit && [hit.service, hit.region, hit.prefix], [service, region, prefix], ip);
  }
  // Outside AWS: documentation space, Google and Cloudflare resolvers, private space.
  for (const ip of ['192.0.2.1', '8.8.8.8', '1.1.1.1', '2001:db8::1', '10.0.0.1']) {
    assert.equal(vendored.lookup(ip), null, ip);
  }
});
