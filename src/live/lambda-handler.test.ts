import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connectAsync } from 'mqtt';
import { isFlowError } from '../model/errors.ts';
import { flowLine, lambdaEvent } from './live-test-kit.ts';

const MOSQUITTO = 'mqtt://127.0.0.1:1883';
const topic = `flowlens-lambda-test/${randomUUID()}`;
// The entry point reads its settings from the environment, as in AWS.
process.env.FLOWLENS_MQTT_URL = MOSQUITTO;
process.env.IOT_TOPIC_NAME = topic;
const { handler } = await import('./lambda-handler.ts');
after(() => handler.close());

test('the Lambda entry publishes a real gzip/base64 subscription event through MQTT', async () => {
  const client = await connectAsync(MOSQUITTO);
  const got: Record<string, unknown>[] = [];
  client.on('message', (_t, p) => got.push(JSON.parse(p.toString())));
  await client.subscribeAsync(topic, { qos: 1 });
  const nodata = '2 123456789012 eni-0a1b2c3d - - - - - - - 1700000000 1700000060 - NODATA';
  const event = lambdaEvent([
    flowLine('8.8.8.8', '10.0.0.5'),
    flowLine('10.0.0.5', '10.0.0.6'),
    nodata,
  ]);
  const result = await handler(event);
  assert.equal(result.lines, 3);
  assert.equal(result.published, 2, 'acknowledged by the broker before the handler returns');
  assert.equal(result.skipped.nodata, 1);
  const until = Date.now() + 1000;
  while (got.length < 2 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 5));
  }
  await client.endAsync();
  assert.equal(got.length, 2);
  const pub = got.find((m) => m.srcaddr === '8.8.8.8')!;
  const geo = pub.geodata as Record<string, unknown>;
  assert.equal(geo.countryCode, 'US');
  assert.match(String(geo.as), /^AS15169 /);
  assert.equal(pub.bytes, 840);
  const priv = got.find((m) => m.srcaddr === '10.0.0.5')!;
  assert.equal(priv.geodata, undefined);
});

test('a malformed event is refused with a typed error', async () => {
  await assert.rejects(handler({ awslogs: { data: 'not base64!' } }), (e) =>
    isFlowError(e, 'FLOW_PAYLOAD_INVALID'),
  );
  await assert.rejects(handler({ something: 'else' }), (e) =>
    isFlowError(e, 'FLOW_PAYLOAD_INVALID'),
  );
});
