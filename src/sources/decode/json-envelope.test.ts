import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { decodeJsonEnvelope, splitJsonValues } from './json-envelope.ts';

const LINE_A =
  '2 123456789010 eni-1 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
const LINE_B =
  '2 123456789010 eni-1 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK';
const subscription = {
  messageType: 'DATA_MESSAGE',
  owner: '123456789010',
  logGroup: 'vpc-flow-logs',
  logStream: 'eni-1-all',
  subscriptionFilters: ['all'],
  logEvents: [
    { id: '1', timestamp: 1418530010000, message: LINE_A },
    { id: '2', timestamp: 1418530010000, message: LINE_B },
  ],
};

test('a decoded CloudWatch subscription payload yields its messages', () => {
  const r = decodeJsonEnvelope(JSON.stringify(subscription));
  assert.deepEqual(r.lines, [LINE_A, LINE_B]);
  assert.deepEqual(r.streams, ['eni-1-all']);
});

test('the Lambda shape (base64 of gzip of JSON) decodes', () => {
  const data = gzipSync(JSON.stringify(subscription)).toString('base64');
  assert.deepEqual(decodeJsonEnvelope(JSON.stringify({ awslogs: { data } })).lines, [
    LINE_A,
    LINE_B,
  ]);
});

test('CONTROL_MESSAGE is skipped and counted', () => {
  const r = decodeJsonEnvelope(
    JSON.stringify({
      ...subscription,
      messageType: 'CONTROL_MESSAGE',
      logEvents: [{ message: 'CWL CONTROL MESSAGE' }],
    }),
  );
  assert.deepEqual(r.lines, []);
  assert.deepEqual(r.skipped, { control_message: 1 });
});

test('Firehose records: concatenated {"message":…} objects, and HTTP-endpoint base64 data', () => {
  assert.deepEqual(decodeJsonEnvelope(`{"message":"${LINE_A}"}{"message":"${LINE_B}"}`).lines, [
    LINE_A,
    LINE_B,
  ]);
  assert.deepEqual(decodeJsonEnvelope(`{"message":"${LINE_A}"}\n{"message":"${LINE_B}"}\n`).lines, [
    LINE_A,
    LINE_B,
  ]);
  const records = [LINE_A, LINE_B].map((m) => ({
    data: Buffer.from(JSON.stringify({ message: m })).toString('base64'),
  }));
  const r = decodeJsonEnvelope(JSON.stringify({ requestId: 'r1', timestamp: 1, records }));
  assert.deepEqual(r.lines, [LINE_A, LINE_B]);
});

test('bad payloads are counted, good parts kept', () => {
  const r = decodeJsonEnvelope(
    `{"message":"${LINE_A}"}{"nope":1}{"broken": }{"awslogs":{"data":"!!notbase64!!"}}`,
  );
  assert.deepEqual(r.lines, [LINE_A]);
  assert.equal(r.skipped.bad_envelope, 2);
  assert.equal(r.skipped.bad_json, 1);
});

test('splitJsonValues respects strings containing braces', () => {
  assert.deepEqual(splitJsonValues('{"a":"}{"}{"b":"\\"{"}'), ['{"a":"}{"}', '{"b":"\\"{"}']);
});
