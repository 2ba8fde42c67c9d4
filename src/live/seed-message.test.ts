import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IpInfo } from '../enrich/enricher.ts';
import type { FlowRecord } from '../model/flow-record.ts';
import { toSeedMessage } from './seed-message.ts';

const GOOGLE: IpInfo = {
  ip: '8.8.8.8',
  scope: 'public',
  geo: {
    country: 'United States',
    countryCode: 'US',
    region: 'California',
    city: 'Mountain View',
    lat: 37.422,
    lon: -122.085,
  },
  asn: { number: 15169, org: 'Google LLC' },
};
const PRIVATE: IpInfo = { ip: '10.0.0.5', scope: 'private' };

/** A parsed default-format (v2) record, keys in log order as the parser produces them. */
const V2: FlowRecord = {
  version: 2,
  accountId: '123456789012',
  interfaceId: 'eni-0a1b2c3d',
  srcaddr: '8.8.8.8',
  dstaddr: '10.0.0.5',
  srcport: 53,
  dstport: 40000,
  protocol: 17,
  packets: 1,
  bytes: 120,
  start: 1700000000,
  end: 1700000060,
  action: 'ACCEPT',
  logStatus: 'OK',
};

test('the seed message: hyphenated keys in log order, counts as numbers, geodata last', () => {
  assert.equal(
    JSON.stringify(toSeedMessage(V2, GOOGLE, PRIVATE)),
    JSON.stringify({
      version: '2',
      'account-id': '123456789012',
      'interface-id': 'eni-0a1b2c3d',
      srcaddr: '8.8.8.8',
      dstaddr: '10.0.0.5',
      srcport: '53',
      dstport: '40000',
      protocol: '17',
      packets: 1,
      bytes: 120,
      start: '1700000000',
      end: '1700000060',
      action: 'ACCEPT',
      'log-status': 'OK',
      geodata: {
        status: 'success',
        country: 'United States',
        countryCode: 'US',
        regionName: 'California',
        city: 'Mountain View',
        lat: 37.422,
        lon: -122.085,
        as: 'AS15169 Google LLC',
        org: 'Google LLC',
        query: '8.8.8.8',
      },
    }),
  );
});

test('a public destination gets dstGeodata; nulls are "-"; unknown fields follow the known', () => {
  const r: FlowRecord = {
    srcaddr: '10.0.0.5',
    dstaddr: '8.8.8.8',
    packets: null,
    action: null,
    extra: { 'future-field': 'x', 'other-field': null },
  };
  const m = toSeedMessage(r, PRIVATE, GOOGLE);
  assert.deepEqual(Object.keys(m), [
    'srcaddr',
    'dstaddr',
    'packets',
    'action',
    'future-field',
    'other-field',
    'dstGeodata',
  ]);
  assert.equal(m.packets, '-');
  assert.equal(m.action, '-');
  assert.equal(m['other-field'], '-');
  assert.equal(m.geodata, undefined);
  assert.equal((m.dstGeodata as { query: string }).query, '8.8.8.8');
});

test('a record without addresses still carries srcaddr and dstaddr ("-"), after the rest', () => {
  const m = toSeedMessage({ bytes: 5, extra: { 'x-y': 'z' } }, PRIVATE, PRIVATE);
  assert.deepEqual(Object.entries(m), [
    ['bytes', 5],
    ['x-y', 'z'],
    ['srcaddr', '-'],
    ['dstaddr', '-'],
  ]);
});
