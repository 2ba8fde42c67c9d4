import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { decodeStream } from './compression.ts';
import { isFlowError } from '../../model/errors.ts';

async function decode(data: Buffer, cap?: number, chunkSize?: number) {
  const counters = { bytesIn: 0, bytesDecoded: 0 };
  const d = await decodeStream(
    Readable.from([data.subarray(0, 7), data.subarray(7)]),
    counters,
    cap,
    chunkSize,
  );
  const out: Buffer[] = [];
  let error: unknown;
  try {
    for await (const c of d.chunks()) {
      out.push(c);
    }
  } catch (e) {
    error = e;
  }
  return { gzip: d.gzip, text: Buffer.concat(out).toString(), error, counters };
}

test('plain text passes through and is counted', async () => {
  const r = await decode(Buffer.from('hello\nworld\n'));
  assert.equal(r.gzip, false);
  assert.equal(r.text, 'hello\nworld\n');
  assert.equal(r.counters.bytesIn, 12);
  assert.equal(r.counters.bytesDecoded, 12);
});

test('concatenated gzip members decode as one stream', async () => {
  const r = await decode(
    Buffer.concat([gzipSync('one\n'), gzipSync('two\n'), gzipSync('three\n')]),
  );
  assert.equal(r.gzip, true);
  assert.equal(r.text, 'one\ntwo\nthree\n');
  assert.equal(r.error, undefined);
});

test('truncated gzip yields what it can, then a typed error', async () => {
  const body = Buffer.from('line of text\n'.repeat(20000));
  const gz = gzipSync(body);
  const r = await decode(gz.subarray(0, Math.floor(gz.length * 0.6)), undefined, 16 * 1024);
  assert.ok(isFlowError(r.error, 'FLOW_DECODE_CORRUPT'), String(r.error));
  assert.ok(r.text.length > 0 && body.toString().startsWith(r.text));
});

test('the decompressed-size cap stops a gzip bomb', async () => {
  const r = await decode(gzipSync(Buffer.alloc(4 << 20)), 1 << 20);
  assert.ok(isFlowError(r.error, 'FLOW_DECODE_TOO_LARGE'));
  assert.ok(r.counters.bytesDecoded <= 1 << 20);
});

test('an empty object decodes to nothing', async () => {
  const counters = { bytesIn: 0, bytesDecoded: 0 };
  const d = await decodeStream(Readable.from([]), counters);
  const chunks = [];
  for await (const c of d.chunks()) {
    chunks.push(c);
  }
  assert.equal(chunks.length, 0);
});
