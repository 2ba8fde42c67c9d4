import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IpInfo } from '../enrich/enricher.ts';
import type { FlowRecord } from '../model/flow-record.ts';
import { seedMessageJson } from './seed-message-json.ts';
import { toSeedMessage } from './seed-message.ts';

const GEO = {
  country: 'Côte d\u2019Ivoire "CI"',
  countryCode: 'CI',
  region: 'Abidjan',
  city: 'Abidjan',
  lat: 5.35499906539917,
  lon: -4.0016703605651855,
};
const ENDS: IpInfo[] = [
  { ip: '8.8.8.8', scope: 'public', geo: GEO, asn: { number: 15169, org: 'Google \\ LLC' } },
  { ip: '1.1.1.1', scope: 'public' },
  { ip: '10.0.0.5', scope: 'private', geo: GEO },
  { ip: '-', scope: 'invalid' },
];

const RECORDS: FlowRecord[] = [
  {
    version: 2,
    accountId: '123456789012',
    interfaceId: 'eni-1',
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
  },
  { srcaddr: null, dstaddr: '1.1.1.1', packets: null, bytes: NaN, action: 'say "no"' },
  { bytes: 5, extra: { 'x-y': 'z\u0000', 'w-v': null } },
  { vpcId: 'vpc-東京', tcpFlags: 3, srcaddr: '8.8.8.8', extra: {} },
  {},
];

test('the seed message renders to exactly JSON.stringify(toSeedMessage(...))', () => {
  for (const [i, r] of RECORDS.entries()) {
    for (const src of ENDS) {
      for (const dst of ENDS) {
        assert.equal(
          seedMessageJson(r, src, dst),
          JSON.stringify(toSeedMessage(r, src, dst)),
          `record ${i}, ${src.ip} → ${dst.ip}`,
        );
      }
    }
  }
});

test('a record with an undefined value takes the slow path and still matches', () => {
  const r = { srcaddr: '8.8.8.8', packets: undefined, protocol: undefined } as FlowRecord;
  assert.equal(
    seedMessageJson(r, ENDS[0]!, ENDS[2]!),
    JSON.stringify(toSeedMessage(r, ENDS[0]!, ENDS[2]!)),
  );
});
