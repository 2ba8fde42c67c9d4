import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LIVE_PROTOCOL_VERSION, liveUrl, parseLiveEvent, type LiveEvent } from './live-events.ts';

test('parseLiveEvent accepts every event type and rejects anything else', () => {
  const hello: LiveEvent = {
    type: 'hello',
    protocol: LIVE_PROTOCOL_VERSION,
    serverTime: 1,
    intervalMs: 1000,
    queueCapacity: 10,
    maxLocations: 5,
    attribution: [],
  };
  assert.deepEqual(parseLiveEvent(JSON.stringify(hello)), hello);
  const drop = { type: 'drop', dropped: 2, totalDropped: 3, reason: 'slow-consumer' };
  assert.deepEqual(parseLiveEvent(JSON.stringify(drop)), drop);
  assert.equal(parseLiveEvent('{"type":"nope"}'), undefined);
  assert.equal(parseLiveEvent('not json'), undefined);
  assert.equal(parseLiveEvent('null'), undefined);
  assert.equal(parseLiveEvent('[1]'), undefined);
});

test('liveUrl maps http to ws and https to wss, with an optional token', () => {
  assert.equal(liveUrl('http://localhost:8080/dash/index.html'), 'ws://localhost:8080/live');
  assert.equal(liveUrl('https://x.example/', 'a b'), 'wss://x.example/live?access_token=a+b');
});
