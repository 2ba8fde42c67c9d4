import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyIp } from '../enrich/classify-ip.ts';
import type { Enricher } from '../enrich/enricher.ts';
import type { FlowRecord } from '../model/flow-record.ts';
import type { LiveEvent } from '../protocol/live-events.ts';
import { createLiveHub } from './live-hub.ts';
import { SubscriberQueue } from './subscriber-queue.ts';

/** A small real enricher: classification plus a fixed geo table (no databases needed). */
const GEO: Record<string, { country: string; countryCode: string; lat: number; lon: number }> = {
  '8.8.8.8': { country: 'United States', countryCode: 'US', lat: 37.42, lon: -122.08 },
  '1.1.1.1': { country: 'Australia', countryCode: 'AU', lat: -33.49, lon: 143.21 },
};
const enricher: Enricher = (ip) => {
  const scope = classifyIp(ip);
  const g = scope === 'public' ? GEO[ip] : undefined;
  return { ip, scope, ...(g ? { geo: { ...g, region: '', city: '' } } : {}) };
};

const rec = (src: string, dst: string, action = 'ACCEPT'): FlowRecord => ({
  srcaddr: src,
  dstaddr: dst,
  srcport: 1,
  dstport: 2,
  packets: 3,
  bytes: 100,
  action,
});

const flow = (seq: number): LiveEvent => ({ ...ev(), seq }) as LiveEvent;
function ev() {
  return {
    type: 'flow',
    seq: 0,
    receivedAt: 0,
    via: 't',
    src: { ip: '1', port: null, scope: 'public' },
    dst: { ip: '2', port: null, scope: 'public' },
    protocol: 6,
    packets: 1,
    bytes: 1,
    action: 'ACCEPT',
    start: 0,
    end: 0,
    accountId: null,
    interfaceId: null,
  };
}
const agg = (at: number): LiveEvent => ({
  type: 'aggregate',
  at,
  intervalMs: 1000,
  flows: 0,
  packets: 0,
  bytes: 0,
  byCountry: {},
  byAction: {},
  locations: [],
  unlocated: 0,
});

test('a full queue drops new flows, counts them, and reports them once there is room', () => {
  const q = new SubscriberQueue(4);
  for (let i = 1; i <= 10; i++) {
    q.push(flow(i));
  }
  assert.equal(q.length, 4);
  assert.equal(q.totalDropped, 6);
  const first = q.take(2);
  assert.deepEqual(
    first.map((e) => (e.type === 'flow' ? e.seq : e.type)),
    [1, 2],
  );
  const rest = q.take();
  assert.deepEqual(
    rest.map((e) => (e.type === 'flow' ? e.seq : e.type)),
    [3, 4, 'drop'],
  );
  const drop = rest[2]!;
  assert.ok(drop.type === 'drop' && drop.dropped === 6 && drop.totalDropped === 6);
});

test('an aggregate at a full queue evicts the oldest flow instead of being lost', () => {
  const q = new SubscriberQueue(3);
  q.push(flow(1));
  q.push(flow(2));
  q.push(flow(3));
  q.push(agg(1000));
  assert.equal(q.length, 3);
  assert.equal(q.totalDropped, 1);
  const got = q.take();
  assert.deepEqual(
    got.map((e) => (e.type === 'flow' ? e.seq : e.type)),
    [2, 3, 'aggregate'],
  );
  assert.equal(q.take()[0]?.type, 'drop');
});

test('the hub enriches both ends, aggregates by remote country and action, and never grows past the queue', async () => {
  let now = 10_500;
  const hub = createLiveHub({ enricher, timer: false, queueCapacity: 8, now: () => now });
  const sub = hub.subscribe();
  assert.equal(sub.queue.take()[0]?.type, 'hello');
  hub.publish(
    [rec('8.8.8.8', '10.0.0.1'), rec('10.0.0.1', '1.1.1.1', 'REJECT'), rec('10.0.0.1', '10.0.0.2')],
    'test',
  );
  const flows = sub.queue.take();
  assert.equal(flows.length, 3);
  const f0 = flows[0]!;
  assert.ok(f0.type === 'flow');
  assert.equal(f0.src.geo?.countryCode, 'US');
  assert.equal(f0.dst.geo, undefined);
  now = 11_200;
  hub.tick();
  const [a] = sub.queue.take();
  assert.ok(a?.type === 'aggregate');
  assert.equal(a.at, 10_000);
  assert.equal(a.flows, 3);
  assert.equal(a.bytes, 300);
  assert.deepEqual(Object.keys(a.byCountry).sort(), ['AU', 'US']);
  assert.equal(a.byCountry.AU?.reject, 1);
  assert.deepEqual(a.byAction, { ACCEPT: 2, REJECT: 1 });
  assert.equal(a.unlocated, 1);
  assert.equal(a.locations.length, 2);

  for (let i = 0; i < 100; i++) {
    hub.publish([rec('8.8.8.8', '10.0.0.1')], 'test');
  }
  assert.equal(sub.queue.length, 8);
  assert.equal(hub.dropped(), 92);
  sub.queue.wantsFlows = false;
  sub.queue.take();
  hub.publish([rec('8.8.8.8', '10.0.0.1')], 'test');
  hub.tick();
  assert.deepEqual(
    sub.queue.take().map((e) => e.type),
    ['drop', 'aggregate'],
  );
  sub.close();
  assert.equal(hub.stats.subscribers, 0);
  assert.equal(hub.dropped(), 92);
  hub.close();
});
