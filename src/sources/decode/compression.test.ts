import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { constants, crc32, deflateRawSync, gunzipSync, gzipSync } from 'node:zlib';
import { decodeStream, type GunzipBackend, type InflateSink } from './compression.ts';
import { isFlowError } from '../../model/errors.ts';
import { nativeAddon, type NativeGunzipHandle } from '../../native/addon.ts';
import { nativeGunzipMissing } from '../../native/gunzip.ts';
import { generateFlowLines, headerLine } from '../../sample/generate-flow-logs.ts';

/**
 * Pieces of the object as the source delivers them: a 7-byte head and the rest by default, else
 * the 2 bytes the gzip sniffing needs and pieces of `pieceSize`.
 */
function split(data: Buffer, pieceSize?: number): Buffer[] {
  if (pieceSize === undefined) {
    return [data.subarray(0, 7), data.subarray(7)];
  }
  // From the first byte: the gzip sniff must wait for its two bytes.
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += pieceSize) {
    out.push(data.subarray(i, i + pieceSize));
  }
  return out;
}

interface Decoded {
  gzip: boolean;
  keepsTail: boolean;
  bytes: Buffer;
  text: string;
  error: unknown;
  counters: { bytesIn: number; bytesDecoded: number };
  largestChunk: number;
}

async function decode(
  backend: GunzipBackend,
  data: Buffer,
  opts: { cap?: number; chunkSize?: number; pieceSize?: number } = {},
): Promise<Decoded> {
  const counters = { bytesIn: 0, bytesDecoded: 0 };
  const d = await decodeStream(
    Readable.from(split(data, opts.pieceSize)),
    counters,
    opts.cap,
    opts.chunkSize,
    backend,
  );
  const out: Buffer[] = [];
  let error: unknown;
  let largestChunk = 0;
  try {
    for await (const c of d.chunks()) {
      assert.ok(c.length > 0, 'no empty chunks');
      largestChunk = Math.max(largestChunk, c.length);
      out.push(c);
    }
  } catch (e) {
    error = e;
  }
  const bytes = Buffer.concat(out);
  return {
    gzip: d.gzip,
    keepsTail: d.keepsTail,
    bytes,
    text: bytes.toString(),
    error,
    counters,
    largestChunk,
  };
}

function isCorrupt(e: unknown): boolean {
  return isFlowError(e, 'FLOW_DECODE_CORRUPT');
}

/** A gzip member with the optional header fields of RFC 1952 (zlib's gzip writes none). */
function member(
  text: string,
  opts: { extra?: Buffer; name?: string; comment?: string; hcrc?: boolean; badHcrc?: boolean },
): Buffer {
  const flg =
    (opts.hcrc || opts.badHcrc ? 2 : 0) |
    (opts.extra ? 4 : 0) |
    (opts.name !== undefined ? 8 : 0) |
    (opts.comment !== undefined ? 16 : 0);
  const parts: Buffer[] = [Buffer.from([0x1f, 0x8b, 8, flg, 1, 2, 3, 4, 0, 3])];
  if (opts.extra) {
    parts.push(Buffer.from([opts.extra.length & 0xff, opts.extra.length >> 8]), opts.extra);
  }
  if (opts.name !== undefined) {
    parts.push(Buffer.from(opts.name + '\0', 'latin1'));
  }
  if (opts.comment !== undefined) {
    parts.push(Buffer.from(opts.comment + '\0', 'latin1'));
  }
  if (opts.hcrc || opts.badHcrc) {
    const crc = crc32(Buffer.concat(parts)) ^ (opts.badHcrc ? 1 : 0);
    parts.push(Buffer.from([crc & 0xff, (crc >> 8) & 0xff]));
  }
  const body = Buffer.from(text);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(body), 0);
  trailer.writeUInt32LE(body.length, 4);
  return Buffer.concat([...parts, deflateRawSync(body), trailer]);
}

const flowText = Buffer.from(
  [headerLine(), ...generateFlowLines(4000, { seed: 5, coverageRate: 0 })].join('\n') + '\n',
);

const nativeSkip = nativeGunzipMissing() ?? false;

// The same conformance cases on Node's zlib and on the native gunzip (ISA-L).
for (const backend of ['zlib', 'native'] as const) {
  const skip = backend === 'native' ? nativeSkip : false;
  const it = (name: string, fn: () => Promise<void>) => test(`${backend}: ${name}`, { skip }, fn);

  it('plain text passes through and is counted', async () => {
    const r = await decode(backend, Buffer.from('hello\nworld\n'));
    assert.equal(r.gzip, false);
    assert.equal(r.keepsTail, true);
    assert.equal(r.text, 'hello\nworld\n');
    assert.equal(r.counters.bytesIn, 12);
    assert.equal(r.counters.bytesDecoded, 12);
  });

  it('gzip is decoded and both sides are counted', async () => {
    const gz = gzipSync(flowText);
    const r = await decode(backend, gz, { chunkSize: 16 * 1024 });
    assert.equal(r.gzip, true);
    assert.equal(r.keepsTail, backend === 'native');
    assert.equal(r.error, undefined);
    assert.ok(r.bytes.equals(flowText));
    assert.equal(r.counters.bytesIn, gz.length);
    assert.equal(r.counters.bytesDecoded, flowText.length);
    assert.ok(r.largestChunk <= 16 * 1024, `chunks of at most chunkSize (${r.largestChunk})`);
  });

  it('large and small compressed pieces decode alike (large ones inflate on the pool)', async () => {
    const gz = gzipSync(Buffer.concat([flowText, flowText, flowText]), { level: 1 });
    assert.ok(gz.length > 3 * 64 * 1024, `a large object (${gz.length})`);
    const large = await decode(backend, gz, { pieceSize: 200_000 });
    const small = await decode(backend, gz, { pieceSize: 3000 });
    assert.equal(large.error, undefined);
    assert.equal(small.error, undefined);
    assert.equal(large.bytes.length, 3 * flowText.length);
    assert.ok(large.bytes.equals(small.bytes));
    const cut = await decode(backend, gz.subarray(0, gz.length - 100_000), { pieceSize: 200_000 });
    assert.ok(isCorrupt(cut.error), String(cut.error));
    assert.ok(large.bytes.subarray(0, cut.bytes.length).equals(cut.bytes), 'a prefix');
  });

  it('concatenated gzip members decode as one stream', async () => {
    const r = await decode(
      backend,
      Buffer.concat([gzipSync('one\n'), gzipSync('two\n'), gzipSync(''), gzipSync('three\n')]),
    );
    assert.equal(r.gzip, true);
    assert.equal(r.text, 'one\ntwo\nthree\n');
    assert.equal(r.error, undefined);
  });

  it('header fields (FEXTRA, FNAME, FCOMMENT, FHCRC) are skipped', async () => {
    const data = Buffer.concat([
      member('a\n', { name: 'file.log' }),
      member('b\n', { extra: Buffer.from('AB\x04\x00wxyz'), comment: 'hi', hcrc: true }),
      member('c\n', { extra: Buffer.alloc(0), name: '', comment: '' }),
      member('d\n', { extra: Buffer.alloc(300, 7), name: 'n'.repeat(500), hcrc: true }),
    ]);
    for (const pieceSize of [undefined, 1, 3]) {
      const r = await decode(backend, data, pieceSize === undefined ? {} : { pieceSize });
      assert.equal(r.error, undefined, `pieces of ${pieceSize}`);
      assert.equal(r.text, 'a\nb\nc\nd\n');
    }
  });

  it('bad headers are FLOW_DECODE_CORRUPT', async () => {
    const good = member('a\n', {});
    const badFlags = Buffer.from(good);
    badFlags[3] = 0x20; // a reserved flag
    const badMethod = Buffer.from(good);
    badMethod[2] = 7;
    for (const data of [member('a\n', { name: 'x', badHcrc: true }), badFlags, badMethod]) {
      const r = await decode(backend, data);
      assert.ok(isCorrupt(r.error), String(r.error));
      assert.equal(r.text, '');
    }
  });

  it('1-byte pieces decode like one piece (members, header fields, trailer)', async () => {
    const named = member('named member\n', { name: 'file.log', comment: 'c', hcrc: true });
    const data = Buffer.concat([gzipSync(flowText.subarray(0, 30_000)), named, gzipSync('x\n')]);
    const r = await decode(backend, data, { pieceSize: 1, chunkSize: 4096 });
    assert.equal(r.error, undefined);
    assert.ok(r.text === flowText.subarray(0, 30_000).toString() + 'named member\nx\n');
    assert.ok(r.largestChunk <= 4096);
  });

  it('a gzip member of nothing decodes to nothing, without an error', async () => {
    const r = await decode(backend, gzipSync(''));
    assert.equal(r.gzip, true);
    assert.equal(r.text, '');
    assert.equal(r.error, undefined);
  });

  it('an empty object decodes to nothing', async () => {
    const counters = { bytesIn: 0, bytesDecoded: 0 };
    const d = await decodeStream(Readable.from([]), counters, undefined, undefined, backend);
    const chunks = [];
    for await (const c of d.chunks()) {
      chunks.push(c);
    }
    assert.equal(chunks.length, 0);
    assert.equal(d.gzip, false);
  });

  it('the gzip magic alone is a truncated object', async () => {
    const r = await decode(backend, Buffer.from([0x1f, 0x8b]));
    assert.ok(isCorrupt(r.error), String(r.error));
    assert.equal(r.text, '');
  });

  it('truncated gzip yields what it can, then a typed error', async () => {
    const body = Buffer.from('line of text\n'.repeat(20000));
    const gz = gzipSync(body);
    const r = await decode(backend, gz.subarray(0, Math.floor(gz.length * 0.6)), {
      chunkSize: 16 * 1024,
    });
    assert.ok(isCorrupt(r.error), String(r.error));
    assert.ok(r.text.length > 0 && body.toString().startsWith(r.text));
  });

  it('truncated at many offsets: a prefix of the text, then FLOW_DECODE_CORRUPT', async () => {
    const gz = gzipSync(flowText);
    for (let cut = 0; cut < gz.length; cut += 997) {
      const data = gz.subarray(0, cut);
      const r = await decode(backend, data, { chunkSize: 8192 });
      if (cut < 2) {
        continue; // not recognised as gzip: passed through
      }
      assert.ok(isCorrupt(r.error), `cut at ${cut}: ${String(r.error)}`);
      assert.ok(flowText.subarray(0, r.bytes.length).equals(r.bytes), `cut at ${cut}: a prefix`);
      if (backend === 'native') {
        // Everything zlib can decode from the cut input (flushed) comes out, but for at most
        // the 2 last bytes: ISA-L decodes up to 3 literals per table lookup and holds back a
        // lookup cut short.
        const decodable = gunzipSync(data, { finishFlush: constants.Z_SYNC_FLUSH }).length;
        assert.ok(
          r.bytes.length >= decodable - 2,
          `cut at ${cut}: ${r.bytes.length} of ${decodable} decodable bytes`,
        );
      }
    }
  });

  it('truncated inside the trailer: all the text, then FLOW_DECODE_CORRUPT', async () => {
    const gz = gzipSync(flowText);
    const r = await decode(backend, gz.subarray(0, gz.length - 3), { chunkSize: 1 << 20 });
    assert.ok(isCorrupt(r.error), String(r.error));
    if (backend === 'native') {
      assert.ok(r.bytes.equals(flowText));
    }
  });

  it('flipped bytes: FLOW_DECODE_CORRUPT or the right text, never a crash', async () => {
    const gz = gzipSync(flowText.subarray(0, 20_000));
    let errors = 0;
    for (let i = 2; i < gz.length; i += 37) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const bad = Buffer.from(gz);
        bad[i]! ^= mask;
        const r = await decode(backend, bad, { chunkSize: 4096 });
        if (r.error === undefined) {
          // Header bytes such as MTIME or OS do not matter.
          assert.ok(r.bytes.equals(flowText.subarray(0, 20_000)), `flip at ${i} went unnoticed`);
        } else {
          assert.ok(isCorrupt(r.error), `flip at ${i}: ${String(r.error)}`);
          errors++;
        }
      }
    }
    assert.ok(errors > 0);
  });

  it('a CRC-32 or length mismatch is FLOW_DECODE_CORRUPT', async () => {
    const gz = gzipSync(flowText);
    for (const at of [gz.length - 8, gz.length - 5, gz.length - 4, gz.length - 1]) {
      const bad = Buffer.from(gz);
      bad[at]! ^= 0x10;
      const r = await decode(backend, bad);
      assert.ok(isCorrupt(r.error), `trailer byte ${at}: ${String(r.error)}`);
      if (backend === 'native') {
        assert.ok(r.bytes.equals(flowText), 'the data before the trailer came out');
      }
    }
  });

  it('zero padding after a member is ignored, with whatever follows it (as Node)', async () => {
    const m = gzipSync('hello\n');
    for (const data of [
      Buffer.concat([m, Buffer.alloc(512)]),
      Buffer.concat([m, Buffer.alloc(3), m]),
      Buffer.concat([m, Buffer.from([0]), Buffer.from('anything')]),
    ]) {
      const r = await decode(backend, data);
      assert.equal(r.error, undefined);
      assert.equal(r.text, 'hello\n');
    }
  });

  it('trailing garbage after a member is FLOW_DECODE_CORRUPT (as Node)', async () => {
    const m = gzipSync('hello\n');
    for (const tail of ['garbage', '\x1f', '\x1f\x8b\x08', '\x1f\x8bxxxxxxxxxxx']) {
      const r = await decode(backend, Buffer.concat([m, Buffer.from(tail, 'latin1')]), {
        pieceSize: m.length - 2,
      });
      assert.ok(isCorrupt(r.error), `${JSON.stringify(tail)}: ${String(r.error)}`);
      assert.equal(r.text, 'hello\n');
    }
  });

  it('a consumer that stops early on a stalled source is not held up', async () => {
    const gz = gzipSync(flowText);
    const source = new PassThrough();
    source.write(gz.subarray(0, gz.length >> 1)); // and nothing more, never ended
    const d = await decodeStream(source, { bytesIn: 0, bytesDecoded: 0 }, undefined, 4096, backend);
    let seen = 0;
    for await (const c of d.chunks()) {
      seen += c.length;
      break;
    }
    assert.ok(seen > 0);
    assert.ok(source.destroyed);
  });

  it('the decompressed-size cap stops a gzip bomb', async () => {
    const r = await decode(backend, gzipSync(Buffer.alloc(4 << 20)), { cap: 1 << 20 });
    assert.ok(isFlowError(r.error, 'FLOW_DECODE_TOO_LARGE'));
    assert.ok(r.counters.bytesDecoded <= 1 << 20);
  });

  it('a huge-ratio bomb comes out in chunks of at most chunkSize, and stops at the cap', async () => {
    const bomb = gzipSync(Buffer.alloc(128 << 20), { level: 9 }); // 128 MiB in ~125 KiB
    const chunkSize = 64 * 1024;
    const before = process.memoryUsage().arrayBuffers;
    const r = await decode(backend, bomb, { cap: 2 << 20, chunkSize, pieceSize: 16 * 1024 });
    assert.ok(isFlowError(r.error, 'FLOW_DECODE_TOO_LARGE'), String(r.error));
    assert.ok(r.largestChunk <= chunkSize, `largest chunk ${r.largestChunk}`);
    assert.ok(r.counters.bytesDecoded <= 2 << 20);
    if (backend === 'native') {
      assert.ok(r.counters.bytesIn < bomb.length, 'reading stopped early'); // zlib reads ahead
    }
    const grown = process.memoryUsage().arrayBuffers - before;
    assert.ok(grown < 64 << 20, `memory grew by ${grown} bytes`);
  });
}

/**
 * A sink as the native kernel is one, holding what it is given in memory of its own (here
 * through the addon's gunzipRead into a buffer it owns).
 */
function collectingSink(): InflateSink & { bytes: () => Buffer; calls: number } {
  const parts: Buffer[] = [];
  const sink = {
    calls: 0,
    inflateFrom(gunzip: NativeGunzipHandle, max: number): number {
      sink.calls++;
      assert.ok(max >= 1, 'a sink is never asked for 0 bytes');
      const out = Buffer.alloc(max);
      const n = nativeAddon()!.gunzipRead(gunzip, out, 0);
      parts.push(out.subarray(0, n));
      return n;
    },
    bytes: () => Buffer.concat(parts),
  };
  return sink;
}

/**
 * Decodes `data`, attaching `sink` after the first chunk, with the sink fed on this thread
 * (`here`) or from the pool; the chunks (copied as they come: the consumer of a sink promises
 * to), the buffers they were views of, and the error.
 */
async function decodeIntoSink(data: Buffer, sink: InflateSink, here: boolean, cap?: number) {
  const saved = process.env.FLOWLENS_INFLATE_HERE;
  process.env.FLOWLENS_INFLATE_HERE = here ? '1' : '0';
  const counters = { bytesIn: 0, bytesDecoded: 0 };
  const chunks: Buffer[] = [];
  const buffers = new Set<ArrayBufferLike>();
  let error: unknown;
  try {
    const d = await decodeStream(Readable.from(split(data, 5000)), counters, cap, 4096, 'native');
    for await (const c of d.chunks()) {
      chunks.push(Buffer.from(c));
      if (chunks.length > 2) {
        buffers.add(c.buffer);
      }
      if (chunks.length === 1) {
        assert.ok(d.sinkInto, 'the native gunzip offers a sink');
        d.sinkInto(sink);
      }
    }
  } catch (e) {
    error = e;
  } finally {
    if (saved === undefined) {
      delete process.env.FLOWLENS_INFLATE_HERE;
    } else {
      process.env.FLOWLENS_INFLATE_HERE = saved;
    }
  }
  return { chunks, buffers, error, counters };
}

for (const here of [true, false]) {
  const mode = here ? 'inflating into it here' : 'fed from the pool';
  const it = (name: string, fn: () => Promise<void>) =>
    test(`native: a sink ${mode}: ${name}`, { skip: nativeSkip }, fn);

  it('the rest of the object, in order, counted', async () => {
    const sink = collectingSink();
    const data = Buffer.concat([
      gzipSync(flowText.subarray(0, 100_000)),
      gzipSync(flowText.subarray(100_000)),
    ]);
    const r = await decodeIntoSink(data, sink, here);
    assert.equal(r.error, undefined);
    const asBytes = r.chunks.filter((c) => c.length > 0);
    if (here) {
      assert.ok(asBytes.length >= 1 && asBytes.length <= 2, 'one piece may already be under way');
      assert.ok(sink.calls > 10, `${sink.calls} pieces through the sink`);
      assert.ok(r.chunks.length - asBytes.length > 10, 'an empty chunk per piece, for progress');
    } else {
      assert.equal(sink.calls, 0);
      assert.ok(asBytes.length > 10);
      assert.ok(r.buffers.size <= 2, `${r.buffers.size} buffers: two reused in turn`);
    }
    assert.ok(Buffer.concat([...asBytes, sink.bytes()]).equals(flowText));
    assert.equal(r.counters.bytesDecoded, flowText.length);
  });

  it('never more than the cap', async () => {
    const sink = collectingSink();
    const cap = 150_001;
    const r = await decodeIntoSink(gzipSync(flowText), sink, here, cap);
    assert.ok(isFlowError(r.error, 'FLOW_DECODE_TOO_LARGE'), String(r.error));
    const got = Buffer.concat([...r.chunks, sink.bytes()]);
    assert.ok(got.equals(flowText.subarray(0, cap)), `${got.length} bytes: the text up to the cap`);
    assert.equal(r.counters.bytesDecoded, cap);
  });

  it('a truncated object: every byte before the cut, then the error', async () => {
    const sink = collectingSink();
    const gz = gzipSync(flowText);
    const r = await decodeIntoSink(gz.subarray(0, gz.length - 5000), sink, here);
    assert.ok(isFlowError(r.error, 'FLOW_DECODE_CORRUPT'), String(r.error));
    const got = Buffer.concat([...r.chunks, sink.bytes()]);
    assert.ok(got.length > 100_000 && flowText.subarray(0, got.length).equals(got));
  });
}
