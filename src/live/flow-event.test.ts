import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IpInfo } from '../enrich/enricher.ts';
import type { FlowRecord } from '../model/flow-record.ts';
import { toEndpoint, toFlowEvent } from './flow-event.ts';

const GEO = {
  country: 'United States',
  countryCode: 'US',
  region: 'Virginia',
  city: 'Ashburn',
  lat: 39.04,
  lon: -77.49,
};
const AWS_HOST: IpInfo = {
  ip: '3.5.140.2',
  scope: 'public',
  geo: GEO,
  asn: { number: 16509, org: 'Amazon.com, Inc.' },
  aws: { service: 'S3', region: 'ap-northeast-2', prefix: '3.5.140.0/22' },
};

test('an endpoint carries geo, asn and aws (service and region only) in that order', () => {
  assert.equal(
    JSON.stringify(toEndpoint(AWS_HOST, 443)),
    JSON.stringify({
      ip: '3.5.140.2',
      port: 443,
      scope: 'public',
      geo: GEO,
      asn: { number: 16509, org: 'Amazon.com, Inc.' },
      aws: { service: 'S3', region: 'ap-northeast-2' },
    }),
  );
});

test('a non-public endpoint never carries geo, even when the enricher had some', () => {
  const e = toEndpoint({ ip: '10.1.1.1', scope: 'private', geo: GEO }, undefined);
  assert.deepEqual(e, { ip: '10.1.1.1', port: null, scope: 'private' });
});

test('the flow event: named fields, other format fields and unknown fields under fields', () => {
  const r: FlowRecord = {
    version: 5,
    accountId: '123456789012',
    interfaceId: 'eni-1',
    srcaddr: '3.5.140.2',
    dstaddr: '10.1.1.1',
    srcport: 443,
    dstport: 50000,
    protocol: 6,
    packets: 3,
    bytes: 900,
    start: 1700000000,
    end: 1700000060,
    action: 'REJECT',
    logStatus: 'OK',
    vpcId: 'vpc-1',
    tcpFlags: 2,
    extra: { 'future-field': 'x' },
  };
  const ev = toFlowEvent(
    r,
    AWS_HOST,
    { ip: '10.1.1.1', scope: 'private' },
    {
      seq: 7,
      receivedAt: 1700000001000,
      via: 'cloudwatch',
    },
  );
  assert.equal(
    JSON.stringify(ev),
    JSON.stringify({
      type: 'flow',
      seq: 7,
      receivedAt: 1700000001000,
      via: 'cloudwatch',
      src: toEndpoint(AWS_HOST, 443),
      dst: { ip: '10.1.1.1', port: 50000, scope: 'private' },
      protocol: 6,
      packets: 3,
      bytes: 900,
      action: 'REJECT',
      start: 1700000000,
      end: 1700000060,
      accountId: '123456789012',
      interfaceId: 'eni-1',
      fields: { vpcId: 'vpc-1', tcpFlags: 2, 'future-field': 'x' },
    }),
  );
});

test('a sparse record: nulls for what is missing, "-" for an unknown action, no fields', () => {
  const ev = toFlowEvent(
    { srcaddr: '-', action: 'SOMETHING' },
    { ip: '-', scope: 'invalid' },
    { ip: '-', scope: 'invalid' },
    { seq: 1, receivedAt: 0, via: 'tail' },
  );
  assert.equal(ev.action, '-');
  assert.equal(ev.protocol, null);
  assert.equal(ev.accountId, null);
  assert.equal('fields' in ev, false);
});
