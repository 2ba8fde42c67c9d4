import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IpInfo } from '../enrich/enricher.ts';
import type { FlowEvent } from '../protocol/live-events.ts';
import { createMqttPublisher, type MessagePublisher } from './mqtt-publisher.ts';

const PUBLIC: IpInfo = { ip: '8.8.8.8', scope: 'public' };
const PRIVATE: IpInfo = { ip: '10.0.0.1', scope: 'private' };
const EVENT = {} as FlowEvent;

/** A publisher whose publishes stay pending until the test settles them. */
function manualPort() {
  const sent: { topic: string; payload: string }[] = [];
  const settle: ((ok: boolean) => void)[] = [];
  const port: MessagePublisher = {
    name: 'manual',
    publish: (topic, payload) =>
      new Promise<void>((resolve, reject) => {
        sent.push({ topic, payload });
        settle.push((ok) => (ok ? resolve() : reject(new Error('broker said no'))));
      }),
    close: async () => {},
  };
  return { port, sent, settle };
}

test('publishes the seed message per record and counts acknowledgements and failures', async () => {
  const { port, sent, settle } = manualPort();
  const p = createMqttPublisher(port, { topic: 't/1' });
  p.sink({ srcaddr: '8.8.8.8', dstaddr: '10.0.0.1', bytes: 5 }, PUBLIC, PRIVATE, EVENT);
  p.sink({ srcaddr: '10.0.0.1', dstaddr: '8.8.8.8', bytes: 6 }, PRIVATE, PUBLIC, EVENT);
  assert.equal(p.inFlight(), 2);
  assert.deepEqual(
    sent.map((m) => [m.topic, (JSON.parse(m.payload) as { bytes: number }).bytes]),
    [
      ['t/1', 5],
      ['t/1', 6],
    ],
  );
  let flushed = false;
  const flush = p.flush().then(() => (flushed = true));
  settle[0]!(true);
  await new Promise((r) => setImmediate(r));
  assert.equal(flushed, false, 'flush waits for every publish');
  settle[1]!(false);
  await flush;
  assert.equal(p.inFlight(), 0);
  assert.deepEqual(p.stats, { published: 1, failed: 1, dropped: 0, filtered: 0 });
});

test('beyond maxInFlight pending publishes, new messages are dropped and counted', async () => {
  const { port, settle } = manualPort();
  const p = createMqttPublisher(port, { topic: 't', maxInFlight: 2 });
  for (let i = 0; i < 5; i++) {
    p.sink({ srcaddr: '8.8.8.8' }, PUBLIC, PRIVATE, EVENT);
  }
  assert.equal(p.inFlight(), 2);
  assert.equal(p.stats.dropped, 3);
  settle.forEach((s) => s(true));
  await p.flush();
  p.sink({ srcaddr: '8.8.8.8' }, PUBLIC, PRIVATE, EVENT);
  assert.equal(p.inFlight(), 1, 'room again once acknowledged');
  settle[2]!(true);
  await p.flush();
  assert.deepEqual(p.stats, { published: 3, failed: 0, dropped: 3, filtered: 0 });
});

test('publicSourcesOnly skips records whose source is not public', async () => {
  const { port, sent } = manualPort();
  const p = createMqttPublisher(port, { topic: 't', publicSourcesOnly: true });
  p.sink({ srcaddr: '10.0.0.1' }, PRIVATE, PUBLIC, EVENT);
  assert.equal(sent.length, 0);
  assert.equal(p.stats.filtered, 1);
  await p.flush();
});
