import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IpInfo } from '../enrich/enricher.ts';
import type { FlowRecord } from '../model/flow-record.ts';
import type { LiveEvent } from '../protocol/live-events.ts';
import { toFlowEvent } from './flow-event.ts';
import { flowEventJson, liveEventJson } from './flow-event-json.ts';

/** Strings that need every kind of JSON escaping, and some that need none. */
const AWKWARD = [
  'plain',
  '',
  'say "hi"',
  'back\\slash',
  'tab\there\nnewline\u0001',
  'Zürich – São Paulo 東京 😀',
  'lone \ud800 surrogate',
  'x'.repeat(300),
  '\u007f del',
];

const info = (ip: string, i: number): IpInfo => ({
  ip,
  scope: i % 3 === 0 ? 'private' : 'public',
  ...(i % 2 === 0
    ? {
        geo: {
          country: AWKWARD[i % AWKWARD.length]!,
          countryCode: 'US',
          region: AWKWARD[(i + 1) % AWKWARD.length]!,
          city: 'Ashburn',
          lat: 39.043800354003906 * (i % 5),
          lon: -77.48739624023438,
        },
      }
    : {}),
  ...(i % 4 === 1 ? { asn: { number: 16509 + i, org: AWKWARD[i % AWKWARD.length]! } } : {}),
  ...(i % 5 === 2 ? { aws: { service: 'EC2', region: 'us-east-1', prefix: '3.0.0.0/15' } } : {}),
});

function record(i: number): FlowRecord {
  const r: Record<string, unknown> = {
    version: i % 2 === 0 ? 2 : null,
    accountId: i % 7 === 0 ? null : AWKWARD[i % AWKWARD.length],
    interfaceId: `eni-${i}`,
    srcaddr: `8.8.${i % 256}.8`,
    dstaddr: i % 9 === 0 ? '-' : `10.0.0.${i % 256}`,
    srcport: i % 6 === 0 ? null : 443,
    dstport: 1024 + i,
    protocol: 6,
    packets: [1, 0, -0, NaN, Infinity, 1e21, 0.5][i % 7],
    bytes: i * 1000,
    start: 1700000000,
    end: i % 8 === 0 ? null : 1700000060,
    action: ['ACCEPT', 'REJECT', null, 'odd'][i % 4],
    logStatus: 'OK',
  };
  if (i % 3 === 1) {
    r.vpcId = AWKWARD[(i + 2) % AWKWARD.length];
    r.tcpFlags = i % 2 === 0 ? null : 18;
  }
  if (i % 4 === 2) {
    r.extra = { 'future-field': AWKWARD[i % AWKWARD.length], 'other-field': null };
  }
  if (i % 10 === 3) {
    r.bytes = '840'; // text where a number belongs: rendered as JSON.stringify would
  }
  return r as FlowRecord;
}

test('flow events render to exactly the text JSON.stringify gives', () => {
  for (let i = 0; i < 400; i++) {
    const r = record(i);
    const ev = toFlowEvent(r, info(r.srcaddr!, i), info(r.dstaddr!, i + 1), {
      seq: i + 1,
      receivedAt: 1700000000000 + i,
      via: i % 2 ? 'cloudwatch' : AWKWARD[i % AWKWARD.length]!,
    });
    assert.equal(flowEventJson(ev), JSON.stringify(ev), `record ${i}`);
  }
});

test('the same enriched address renders the same way every time (cached parts)', () => {
  const shared = info('8.8.8.8', 2);
  const a = toFlowEvent(record(2), shared, shared, { seq: 1, receivedAt: 1, via: 't' });
  assert.equal(flowEventJson(a), flowEventJson(a));
  assert.equal(flowEventJson(a), JSON.stringify(a));
});

test('other events are rendered by JSON.stringify', () => {
  const events: LiveEvent[] = [
    { type: 'drop', dropped: 3, totalDropped: 9, reason: 'slow-consumer' },
    {
      type: 'aggregate',
      at: 1,
      intervalMs: 1000,
      flows: 0,
      packets: 0,
      bytes: 0,
      byCountry: {},
      byAction: {},
      locations: [],
      unlocated: 0,
    },
  ];
  for (const ev of events) {
    assert.equal(liveEventJson(ev), JSON.stringify(ev));
  }
});
