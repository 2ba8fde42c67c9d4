import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { connectAsync, type MqttClient } from 'mqtt';
import { WebSocket } from 'ws';
import { openEnricher } from '../enrich/open-enricher.ts';
import type { Enricher } from '../enrich/enricher.ts';
import type { LiveEvent } from '../protocol/live-events.ts';
import {
  firehoseBody,
  flowLine,
  lambdaEvent,
  startLiveServer,
  subscriptionJson,
  type LiveServer,
} from './live-test-kit.ts';

const MOSQUITTO = 'mqtt://127.0.0.1:1883';
let enricher: Enricher;

before(async () => {
  enricher = await openEnricher();
});

const post = (url: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Uint8Array(body),
    headers: { 'content-type': 'application/json', ...headers },
  });

/** Collects messages on a topic; `next(n)` waits for n of them (or fails after `ms`). */
async function subscribe(client: MqttClient, topic: string) {
  const got: Record<string, unknown>[] = [];
  client.on('message', (t, p) => t === topic && got.push(JSON.parse(p.toString())));
  await client.subscribeAsync(topic, { qos: 1 });
  return {
    got,
    async next(n: number, ms: number) {
      const until = Date.now() + ms;
      while (got.length < n && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 5));
      }
      return got;
    },
  };
}

describe('live ingest against the real Mosquitto', () => {
  let server: LiveServer;
  let client: MqttClient;
  const topic = `flowlens-test/${randomUUID()}`;

  before(async () => {
    server = await startLiveServer(
      enricher,
      { 'mqtt-url': MOSQUITTO, 'mqtt-topic': topic },
      { FLOWLENS_MAX_BODY_BYTES: String(32 << 20) },
    );
    client = await connectAsync(MOSQUITTO);
  });
  after(async () => {
    await client.endAsync();
    await server.stop();
  });

  test('a subscription payload reaches the topic within a second, with seed-shaped geodata', async () => {
    const sub = await subscribe(client, topic);
    const t0 = Date.now();
    const res = await post(
      `${server.url}/ingest/cloudwatch`,
      JSON.stringify(
        lambdaEvent([flowLine('8.8.8.8', '10.0.0.5'), flowLine('10.0.0.5', '192.168.1.9')]),
      ),
    );
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { lines: 2, published: 2 });
    const got = await sub.next(2, 1000);
    assert.ok(Date.now() - t0 < 1000, 'both messages within one second');
    assert.equal(got.length, 2);
    const [pub, priv] = got as [Record<string, unknown>, Record<string, unknown>];
    assert.equal(pub['account-id'], '123456789012');
    assert.equal(pub['log-status'], 'OK');
    assert.equal(pub.packets, 10);
    assert.equal(pub.bytes, 840);
    assert.equal(pub.srcport, '443');
    const geo = pub.geodata as Record<string, unknown>;
    assert.equal(geo.status, 'success');
    assert.equal(geo.countryCode, 'US');
    assert.equal(geo.country, 'United States');
    assert.match(String(geo.as), /^AS15169 /);
    assert.equal(geo.query, '8.8.8.8');
    for (const k of ['regionName', 'city', 'lat', 'lon', 'org']) {
      assert.ok(k in geo, k);
    }
    assert.equal(pub.dstGeodata, undefined, 'private destination: no dstGeodata');
    assert.equal(priv.srcaddr, '10.0.0.5');
    assert.equal(priv.geodata, undefined);
    assert.equal(priv.dstGeodata, undefined);
  });

  test('the raw gzip body and the decoded JSON are accepted too; control messages publish nothing', async () => {
    const sub = await subscribe(client, topic);
    sub.got.length = 0;
    const gz = gzipSync(subscriptionJson([flowLine('10.1.1.1', '1.1.1.1')]));
    const r1 = await post(`${server.url}/ingest/cloudwatch`, gz, {
      'content-type': 'application/octet-stream',
    });
    assert.equal(r1.status, 200);
    const r2 = await post(
      `${server.url}/ingest/cloudwatch`,
      subscriptionJson([], 'CONTROL_MESSAGE'),
    );
    assert.deepEqual(await r2.json(), { lines: 0, published: 0 });
    const got = await sub.next(1, 1000);
    assert.equal(got.length, 1);
    assert.equal((got[0]!.dstGeodata as Record<string, unknown>).query, '1.1.1.1');
  });

  test('bad payloads get a clear 4xx, are counted, and the server keeps answering', async () => {
    const cases: [string, string | Buffer, number][] = [
      ['not base64', JSON.stringify({ awslogs: { data: '!!not base64!!' } }), 400],
      [
        'not gzip',
        JSON.stringify({ awslogs: { data: Buffer.from('plain').toString('base64') } }),
        400,
      ],
      ['wrong JSON', '{"awslogs": ', 400],
      ['unknown shape', JSON.stringify({ hello: 'world' }), 400],
      ['corrupt gzip body', Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]), 400],
      ['oversized', Buffer.alloc(9 << 20, 32), 413],
    ];
    for (const [name, body, status] of cases) {
      const res = await post(`${server.url}/ingest/cloudwatch`, body);
      assert.equal(res.status, status, name);
      const j = (await res.json()) as { message: string };
      assert.ok(j.message.length > 0, name);
    }
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    const stats = (await (await fetch(`${server.url}/ingest/stats`)).json()) as {
      rejected: Record<string, number>;
    };
    assert.ok((stats.rejected.FLOW_PAYLOAD_INVALID ?? 0) >= 5);
    assert.ok((stats.rejected.FLOW_PAYLOAD_TOO_LARGE ?? 0) >= 1);
  });
});

/** Opens `/live` and collects events; `until(pred)` waits for a matching event. */
async function openLive(url: string, query = '') {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + '/live' + query);
  const events: LiveEvent[] = [];
  ws.on('message', (d) => events.push(JSON.parse(String(d)) as LiveEvent));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const until = async (pred: (e: LiveEvent) => boolean, ms = 3000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const hit = events.find(pred);
      if (hit) {
        return hit;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error('timed out waiting for a live event');
  };
  return { ws, events, until };
}

describe('Firehose, WebSocket and back-pressure (embedded broker)', () => {
  let server: LiveServer;

  before(async () => {
    server = await startLiveServer(enricher, { 'firehose-access-key': 'sekret' });
  });
  after(() => server.stop());

  test('Firehose HTTP endpoint protocol round trip', async () => {
    const body = firehoseBody('req-1', [
      flowLine('8.8.8.8', '10.0.0.1'),
      flowLine('10.0.0.1', '9.9.9.9'),
    ]);
    const ok = await post(`${server.url}/ingest/firehose`, body, {
      'x-amz-firehose-access-key': 'sekret',
      'x-amz-firehose-request-id': 'req-1',
    });
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('content-type') ?? '', /application\/json/);
    const j = (await ok.json()) as { requestId: string; timestamp: number };
    assert.equal(j.requestId, 'req-1');
    assert.equal(typeof j.timestamp, 'number');
    assert.equal(server.live.hub.stats.byVia.firehose, 2);

    const denied = await post(`${server.url}/ingest/firehose`, body, {
      'x-amz-firehose-access-key': 'wrong',
      'x-amz-firehose-request-id': 'req-2',
    });
    assert.equal(denied.status, 401);
    const dj = (await denied.json()) as { requestId: string; errorMessage: string };
    assert.equal(dj.requestId, 'req-2');
    assert.ok(dj.errorMessage.length > 0);

    const bad = JSON.stringify({ requestId: 'req-3', timestamp: 1, records: [{ data: '%%%' }] });
    const br = await post(`${server.url}/ingest/firehose`, bad, {
      'x-amz-firehose-access-key': 'sekret',
    });
    assert.equal(br.status, 400);
    assert.equal(((await br.json()) as { requestId: string }).requestId, 'req-3');
  });

  test('a WebSocket subscriber gets hello, enriched flows and per-second aggregates', async () => {
    const c = await openLive(server.url);
    const hello = await c.until((e) => e.type === 'hello');
    assert.equal(hello.type === 'hello' && hello.protocol, 1);
    // Start on a fresh interval, so the next non-empty aggregate holds only these flows.
    await c.until((e) => e.type === 'aggregate');
    c.events.length = 0;
    await post(
      `${server.url}/ingest/cloudwatch`,
      JSON.stringify(
        lambdaEvent([flowLine('8.8.8.8', '10.0.0.5', 'REJECT'), flowLine('10.0.0.5', '10.0.0.6')]),
      ),
    );
    const flow = await c.until((e) => e.type === 'flow' && e.src.ip === '8.8.8.8');
    assert.ok(flow.type === 'flow');
    assert.equal(flow.src.geo?.countryCode, 'US');
    assert.equal(flow.src.asn?.number, 15169);
    assert.equal(flow.dst.scope, 'private');
    assert.equal(flow.dst.geo, undefined);
    assert.equal(flow.action, 'REJECT');
    const agg = await c.until((e) => e.type === 'aggregate' && e.flows > 0, 2500);
    assert.ok(agg.type === 'aggregate');
    assert.equal(agg.flows, 2);
    assert.equal(agg.byCountry.US?.flows, 1);
    assert.equal(agg.byCountry.US?.reject, 1);
    assert.deepEqual(agg.byAction, { REJECT: 1, ACCEPT: 1 });
    assert.equal(agg.unlocated, 1);
    c.ws.close();
  });

  test('a slow subscriber loses flow events, counted, and is told so; memory stays bounded', async () => {
    const c = await openLive(server.url);
    await c.until((e) => e.type === 'hello');
    const sock = (c.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    sock.pause();
    const batch = Array.from({ length: 1000 }, (_, i) => ({
      srcaddr: '8.8.8.8',
      dstaddr: `10.0.${i % 250}.1`,
      packets: 1,
      bytes: 100,
      action: 'ACCEPT',
    }));
    for (let i = 0; i < 60; i++) {
      server.live.hub.publish(batch, 'test');
      await new Promise((r) => setImmediate(r));
    }
    const dropped = server.live.hub.dropped();
    assert.ok(dropped > 0, 'drops are counted');
    sock.resume();
    const notice = await c.until((e) => e.type === 'drop', 10_000);
    assert.ok(notice.type === 'drop' && notice.dropped > 0);
    c.ws.close();
  });
});

describe('embedded broker', () => {
  test('a browser-style MQTT-over-WebSocket client on /mqtt receives the seed messages', async () => {
    const topic = `flowlens-embedded/${randomUUID()}`;
    const server = await startLiveServer(enricher, { 'mqtt-topic': topic });
    const client = await connectAsync(server.url.replace(/^http/, 'ws') + '/mqtt');
    try {
      const sub = await subscribe(client, topic);
      await post(
        `${server.url}/ingest/cloudwatch`,
        JSON.stringify(lambdaEvent([flowLine('8.8.8.8', '10.9.9.9')])),
      );
      const got = await sub.next(1, 1000);
      assert.equal(got.length, 1);
      assert.equal((got[0]!.geodata as Record<string, unknown>).countryCode, 'US');
    } finally {
      await client.endAsync();
      await server.stop();
    }
  });
});

describe('token', () => {
  test('/live needs the token (as access_token for browsers) when one is set', async () => {
    const server = await startLiveServer(enricher, { token: 't0k' });
    try {
      await assert.rejects(openLive(server.url));
      const c = await openLive(server.url, '?access_token=t0k');
      assert.equal((await c.until((e) => e.type === 'hello')).type, 'hello');
      c.ws.close();
    } finally {
      await server.stop();
    }
  });
});
