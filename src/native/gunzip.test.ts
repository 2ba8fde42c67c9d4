import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { nativeAddon, nativeRequiredSkip, type NativeGunzipHandle } from './addon.ts';
import { NativeGunzip, nativeGunzipMissing } from './gunzip.ts';

const addon = nativeAddon();
const skip = nativeGunzipMissing() ?? false;

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

test(
  'the native gunzip is there when required (FLOWLENS_REQUIRE_NATIVE=1, set by .ci/run)',
  { skip: nativeRequiredSkip() },
  () => {
    const missing = nativeGunzipMissing();
    assert.equal(missing, undefined, `CI must test the native gunzip: ${missing}`);
  },
);

test('reads never write past the room they are given', { skip }, () => {
  const a = addon!;
  const h = a.gunzipCreate();
  const text = Buffer.from('0123456789'.repeat(10_000));
  a.gunzipWrite(h, gzipSync(text));
  const out = Buffer.alloc(64, 0xee);
  const got: Buffer[] = [];
  for (let n = a.gunzipRead(h, out, 50); n > 0; n = a.gunzipRead(h, out, 50)) {
    assert.ok(n <= 14);
    assert.ok(
      out.subarray(0, 50).every((b) => b === 0xee),
      'nothing before the offset',
    );
    got.push(Buffer.from(out.subarray(50, 50 + n)));
  }
  a.gunzipEnd(h);
  a.gunzipClose(h);
  assert.ok(Buffer.concat(got).equals(text));
});

test(
  'NativeGunzip hands out chunks of at most chunkSize from buffers it never rewrites',
  {
    skip,
  },
  () => {
    const text = Buffer.from('abcdefghij\n'.repeat(50_000));
    const z = new NativeGunzip(4096);
    const chunks: Buffer[] = [];
    const gz = gzipSync(text);
    for (let i = 0; i < gz.length; i += 1000) {
      z.write(gz.subarray(i, i + 1000));
      for (let c = z.read(); c !== null; c = z.read()) {
        assert.ok(c.length > 0 && c.length <= 4096);
        chunks.push(c); // kept as views: later reads must not overwrite them
      }
    }
    z.end();
    z.close();
    z.close(); // twice is fine
    assert.ok(Buffer.concat(chunks).equals(text));
  },
);

test('misuse throws instead of crashing', { skip }, () => {
  const a = addon!;
  const notAHandle = {} as NativeGunzipHandle;
  assert.throws(
    () => a.gunzipRead(notAHandle, Buffer.alloc(8), 0),
    (e) => {
      return code(e) === 'FLOWLENS_GZIP_STATE';
    },
  );
  const h = a.gunzipCreate();
  assert.throws(() => a.gunzipWrite(h, 'text' as unknown as Uint8Array));
  assert.throws(() => a.gunzipRead(h, new Uint16Array(8) as unknown as Uint8Array, 0));
  assert.throws(() => a.gunzipRead(h, Buffer.alloc(8), 9), /offset/);
  assert.throws(() => a.gunzipRead(h, Buffer.alloc(8), -1), /offset/);
  a.gunzipWrite(h, gzipSync('x'.repeat(1000)));
  assert.equal(a.gunzipRead(h, Buffer.alloc(8), 0), 8);
  assert.throws(
    () => a.gunzipEnd(h),
    (e) => code(e) === 'FLOWLENS_GZIP_STATE',
  ); // unread input
  a.gunzipClose(h);
  assert.throws(
    () => a.gunzipRead(h, Buffer.alloc(8), 0),
    (e) => {
      return code(e) === 'FLOWLENS_GZIP_STATE';
    },
  );
});

test('after an error the handle stays unusable', { skip }, () => {
  const a = addon!;
  const h = a.gunzipCreate();
  a.gunzipWrite(h, Buffer.from('not gzip at all'));
  assert.throws(
    () => a.gunzipRead(h, Buffer.alloc(64), 0),
    (e) => {
      return code(e) === 'FLOWLENS_GZIP_CORRUPT';
    },
  );
  assert.throws(
    () => a.gunzipRead(h, Buffer.alloc(64), 0),
    (e) => {
      return code(e) === 'FLOWLENS_GZIP_STATE';
    },
  );
  assert.throws(
    () => a.gunzipEnd(h),
    (e) => code(e) === 'FLOWLENS_GZIP_STATE',
  );
});

test(
  'a stream with no input, or cut in a member, ends with FLOWLENS_GZIP_TRUNCATED',
  {
    skip,
  },
  () => {
    const a = addon!;
    const empty = a.gunzipCreate();
    assert.throws(
      () => a.gunzipEnd(empty),
      (e) => code(e) === 'FLOWLENS_GZIP_TRUNCATED',
    );
    const cut = a.gunzipCreate();
    a.gunzipWrite(cut, gzipSync('hello\n').subarray(0, 10)); // the header alone
    assert.equal(a.gunzipRead(cut, Buffer.alloc(64), 0), 0);
    assert.throws(
      () => a.gunzipEnd(cut),
      (e) => code(e) === 'FLOWLENS_GZIP_TRUNCATED',
    );
  },
);

test('handles left to the garbage collector are freed by it', { skip }, async () => {
  // Each handle holds ~100 KiB of native memory, reported to V8 so that it collects them.
  const before = process.memoryUsage().rss;
  for (let i = 0; i < 2000; i++) {
    const h = addon!.gunzipCreate();
    addon!.gunzipWrite(h, gzipSync('abc'));
    if (i % 100 === 0) {
      await new Promise((r) => setImmediate(r));
    }
  }
  const grown = process.memoryUsage().rss - before;
  assert.ok(grown < 150 << 20, `RSS grew by ${grown >> 20} MiB for 2000 handles`);
});

test('readAsync: one read at a time, close while it runs, errors reject', { skip }, async () => {
  const a = addon!;
  const text = Buffer.from('async line of text\n'.repeat(100_000));
  const gz = gzipSync(text);

  const h = a.gunzipCreate();
  a.gunzipWrite(h, gz);
  const out = Buffer.alloc(1 << 16);
  const running = a.gunzipReadAsync(h, out, 0);
  const busy = (e: unknown) => code(e) === 'FLOWLENS_GZIP_STATE';
  assert.throws(() => a.gunzipReadAsync(h, Buffer.alloc(8), 0), busy);
  assert.throws(() => a.gunzipRead(h, Buffer.alloc(8), 0), busy);
  assert.throws(() => a.gunzipWrite(h, gz), busy);
  assert.throws(() => a.gunzipEnd(h), busy);
  assert.equal(await running, 1 << 16);
  a.gunzipClose(h);

  const closing = a.gunzipCreate();
  a.gunzipWrite(closing, gz);
  const pending = a.gunzipReadAsync(closing, Buffer.alloc(1 << 20), 0);
  a.gunzipClose(closing); // freed when the read completes
  assert.equal(await pending, 1 << 20);
  assert.throws(() => a.gunzipRead(closing, Buffer.alloc(8), 0), busy);

  const bad = a.gunzipCreate();
  a.gunzipWrite(bad, Buffer.from('not gzip'));
  await assert.rejects(a.gunzipReadAsync(bad, Buffer.alloc(64), 0), (e) => {
    return code(e) === 'FLOWLENS_GZIP_CORRUPT';
  });
  assert.throws(() => a.gunzipRead(bad, Buffer.alloc(64), 0), busy);

  const z = new NativeGunzip(4096);
  z.write(gz);
  const chunks: Buffer[] = [];
  for (let c = await z.readAsync(); c !== null; c = await z.readAsync()) {
    assert.ok(c.length <= 4096);
    chunks.push(c);
  }
  z.end();
  z.close();
  assert.ok(Buffer.concat(chunks).equals(text));
});
