import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { DEFAULT_FORMAT } from '../../model/fields.ts';
import type { TimeWindow } from '../../model/flow-record.ts';
import { createRandom, generateFlowLines, headerLine } from '../../sample/generate-flow-logs.ts';
import type { LogObject, Source } from '../../sources/source.ts';
import { createKernel, digestSources, type DigestResult } from '../digest-sources.ts';
import { compileKernel } from '../../../scripts/build-kernel.ts';
import { scanFlows } from '../../sources/read-flows.ts';
import { Digester } from '../digester.ts';
import { nativeAddon, nativeRequiredSkip } from '../../native/addon.ts';
import { nativeGunzipAvailable } from '../../native/gunzip.ts';
import { DigestKernel, KERNEL_WASM } from './digest-kernel.ts';

/**
 * Differential tests: the WebAssembly kernel must give exactly the digest and the statistics of
 * the JS path, whatever the input. Inputs are fed in random chunk sizes so lines straddle
 * chunks at every kind of position.
 */

function chunkedSource(objects: readonly { name: string; data: Buffer }[], seed: number): Source {
  return {
    kind: 'memory',
    uri: 'memory:',
    async *objects() {
      const rnd = createRandom(seed);
      for (const o of objects) {
        const obj: LogObject = {
          name: o.name,
          size: o.data.length,
          envelope: 'auto',
          open: async () => {
            const parts: Buffer[] = [];
            for (let i = 0; i < o.data.length;) {
              const n = 1 + Math.floor(rnd() ** 3 * 70_000);
              parts.push(o.data.subarray(i, i + n));
              i += n;
            }
            return Readable.from(parts);
          },
        };
        yield obj;
      }
    },
  };
}

/** The kernels under test: the WebAssembly one always, the native one when the addon is built. */
const KERNELS =
  typeof nativeAddon()?.kernelCreate === 'function'
    ? (['wasm', 'native'] as const)
    : (['wasm'] as const);

test(
  'the native kernel is among them when required (FLOWLENS_REQUIRE_NATIVE=1, set by .ci/run)',
  { skip: nativeRequiredSkip() },
  () => {
    assert.deepEqual([...KERNELS], ['wasm', 'native'], 'CI must test the native kernel');
    assert.equal(createKernel('auto')?.kind, 'native', 'the default path uses it');
  },
);

test(
  'the native kernel refuses what is not its own handle (a gunzip handle, an object)',
  { skip: KERNELS.length < 2 && 'the native addon is not built' },
  () => {
    const addon = nativeAddon()!;
    const kernel = addon.kernelCreate();
    assert.equal(addon.kernelRun(kernel), 0, 'its own handle works');
    const others = [addon.gunzipCreate(), {}, 7] as unknown as ReturnType<
      typeof addon.kernelCreate
    >[];
    for (const other of others) {
      assert.throws(() => addon.kernelRun(other), /not a kernel handle/);
    }
  },
);

/**
 * Digests `objects` with every kernel and with the JS path; each kernel's result must equal the
 * JS path's. Returns the first kernel's result and the JS path's.
 */
async function both(
  objects: readonly { name: string; data: Buffer }[],
  window?: TimeWindow,
  more: { maxDecodedBytes?: number } = {},
): Promise<[DigestResult, DigestResult]> {
  const opts = { ...more, ...(window ? { window } : {}) };
  const js = await digestSources([chunkedSource(objects, 11)], { ...opts, kernel: 'js' });
  const results = [];
  for (const [i, kernel] of KERNELS.entries()) {
    const r = await digestSources([chunkedSource(objects, 7 + i)], { ...opts, kernel });
    if (more.maxDecodedBytes !== undefined) {
      // Stopped at the cap, a reader has read ahead of it by however its input was split.
      r.stats.bytesIn = js.stats.bytesIn;
    }
    assertSame([r, js], kernel);
    results.push(r);
  }
  return [results[0]!, js];
}

function assertSame([kernel, js]: [DigestResult, DigestResult], name = 'kernel'): void {
  assert.deepEqual(kernel.digest, js.digest, `${name} digest`);
  assert.deepEqual(kernel.stats, js.stats, `${name} stats`);
}

const text = (lines: readonly string[]) => Buffer.from(lines.join('\n') + '\n');

test('generated logs: same digest and stats, with and without a window', async () => {
  const lines = [headerLine(), ...generateFlowLines(20_000, { seed: 3, coverageRate: 0.01 })];
  const objects = [{ name: 'a.log', data: text(lines) }];
  const [wasm, js] = await both(objects);
  assertSame([wasm, js]);
  assert.ok(wasm.digest.entries.length > 1000, 'a real digest, not an empty one');
  assert.equal(wasm.stats.kept + wasm.stats.nodata + wasm.stats.skipdata, 20_000);
  const mid = (wasm.digest.start + wasm.digest.end) / 2;
  const windowed = await both(objects, { start: wasm.digest.start + 60, stop: mid });
  assertSame(windowed);
  assert.ok(windowed[0].stats.skipped.out_of_window! > 1000);
});

test('the kernel itself handles ordinary lines (only the header goes back to JS)', async () => {
  const lines = [headerLine(), ...generateFlowLines(5000, { seed: 4, coverageRate: 0 })];
  const kernel = new DigestKernel();
  const digester = new Digester();
  const stats = await scanFlows(
    [chunkedSource([{ name: 'a.log', data: text(lines) }], 3)],
    { scanner: kernel.scanner },
    (line) => digester.addLine(line),
  );
  kernel.mergeInto(digester);
  assert.equal(stats.kept, 5000);
  assert.equal(kernel.deferred, 1);
  assert.equal(digester.size, new Set(lines.slice(1).map(digestKeyOf)).size);
});

/** The digest key of a v2 line, computed the obvious way. */
function digestKeyOf(line: string): string {
  const f = line.split(' ');
  const [sp, dp] = [Number(f[5]), Number(f[6])];
  return [f[1], f[2], f[3], f[4], sp >= dp ? 0 : sp, sp < dp ? 0 : dp, f[7], f[12], f[13]].join(
    ' ',
  );
}

test('other layouts switch by header, including v5 fields, ms timestamps and IPv6', async () => {
  const v5 = [...DEFAULT_FORMAT, 'vpc-id', 'pkt-srcaddr', 'tcp-flags', 'flow-direction'];
  const custom = ['${srcaddr}', '${dstaddr}', '${dstport}', '${action}', '${bytes}', '${start}'];
  const first = [headerLine(v5), ...generateFlowLines(3000, { seed: 5, format: v5 })];
  const second = [headerLine(custom), ...generateFlowLines(3000, { seed: 6, format: custom })];
  const odd = [
    headerLine(),
    '2 000123456789 eni-1 2001:db8::1 2001:db8::2 443 50000 6 10 1000 1763800000123 1763800060456 accept ok',
    '2 000123456789 eni-1 ::ffff:10.0.0.1 fe80::1 50000 443 6 10 1000 1763800000 1763800060 REJECT OK',
    '2 unknown eni-2 10.0.0.1 10.0.0.2 80 80 6 - - 1763800000 1763800060 - OK\r',
    '2 123 eni-3 10.0.0.1 10.0.0.2 0080 00443 6 1 2 1763800000 1763800060 ACCEPT OK',
    '2 123 eni-3 10.0.0.1 10.0.0.2 65535 65536 6 1 2 1763800000 1763800060 ACCEPT OK',
    '2 123 eni-3 10.0.0.1 10.0.0.2 1 2 256 1 2 1763800000 1763800060 ACCEPT OK',
    '2 123 eni-3 10.0.0.1 10.0.0.2 1 2 6 123456789012345678 2 1763800000 1763800060 ACCEPT OK',
    '2 123 eni-3 10.0.0.1 10.0.0.2 1 2 6 123456789012345678901 2 1763800000 1763800060 ACCEPT OK',
    '2 123 eni-3 10.0.0.1 10.0.0.2 1 2 6 12345678x 2 1763800000 1763800060 ACCEPT OK',
    '2025-02-25T12:25:04.000Z 2 123 eni-4 10.0.0.1 10.0.0.2 1 2 6 1 2 1763800000 1763800060 ACCEPT OK',
    '2 123 eni-5 - - - - - - - 1763800000 1763800060 - NODATA',
    '2 123 eni-5 - - - - - - - 1763800000 1763800060 - SKIPDATA',
    '2\t123\teni-6\t10.0.0.1\t10.0.0.2\t1\t2\t6\t1\t2\t1763800000\t1763800060\tACCEPT\tOK',
    '  2  123 eni-6 10.0.0.1 10.0.0.2 1 2 6 1 2 1763800000 1763800060 ACCEPT OK  ',
    '',
    '   ',
    '2 123 eni-7 10.0.0.01 10.0.0.2 1 2 6 1 2 1763800000 1763800060 ACCEPT OK',
    '2 123 eni-7 10.0.0.1 10.0.0.2 1 2 6 1 2 1763800000 1763800060 ALLOW OK',
    '2 123 eni-7 10.0.0.1 10.0.0.2 1 2 6 1 2 1763800000 1763800060 ACCEPT FAIL',
    '2 123 eni-7 10.0.0.1 10.0.0.2 1 2 6 1 2 - 1763800060 ACCEPT OK',
  ];
  const objects = [
    { name: 'v5.log', data: text(first) },
    { name: 'custom.log', data: text(second) },
    { name: 'odd.log', data: text(odd) },
  ];
  const [wasm, js] = await both(objects);
  assertSame([wasm, js]);
  assert.ok(Object.keys(wasm.stats.skipped).length >= 5, JSON.stringify(wasm.stats.skipped));
  assertSame(await both(objects, { start: 1763800000, stop: 1763900000 }));
});

test('random corruption of every kind is decided exactly as the JS parser decides it', async () => {
  const rnd = createRandom(99);
  const junk = [32, 9, 13, 0, 127, 200, 45, 46, 47, 58, 48, 57, 97, 65, 120];
  const lines = [headerLine(), ...generateFlowLines(8000, { seed: 8 })].map((line, i) => {
    if (i === 0 || rnd() < 0.6) {
      return line;
    }
    const b = Buffer.from(line);
    for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
      b[Math.floor(rnd() * b.length)] = junk[Math.floor(rnd() * junk.length)]!;
    }
    return b.toString('latin1');
  });
  const data = Buffer.from(lines.join('\n') + '\n', 'latin1');
  const [wasm, js] = await both([{ name: 'corrupt.log', data }]);
  assertSame([wasm, js]);
  const skipped = Object.values(wasm.stats.skipped).reduce((a, b) => a + b, 0);
  assert.ok(skipped > 1000, `corruption was counted (${skipped})`);
});

test('numeric fields of every length, with digits and near-digits anywhere', async () => {
  const rnd = createRandom(123);
  const alphabet = '0123456789/:-. x';
  const token = () => {
    const len = 1 + Math.floor(rnd() * 22);
    let t = '';
    for (let i = 0; i < len; i++) {
      t += rnd() < 0.9 ? String(Math.floor(rnd() * 10)) : alphabet[Math.floor(rnd() * 16)]!;
    }
    return t.replace(/ /g, '') || '0';
  };
  const lines = [headerLine()];
  for (const base of generateFlowLines(6000, { seed: 12 })) {
    const f = base.split(' ');
    const col = [5, 6, 7, 8, 9, 10, 11][Math.floor(rnd() * 7)]!;
    f[col] = token();
    lines.push(f.join(' '));
  }
  const [wasm, js] = await both([{ name: 'numbers.log', data: text(lines) }]);
  assertSame([wasm, js]);
  assert.ok(wasm.stats.kept > 1000 && wasm.stats.kept < 6000, String(wasm.stats.kept));
});

test('the default layout read straight: port ties, leading zeros, nulls, CRLF, window edges', async () => {
  // The native kernel reads v2 lines by a path of its own (native/kernel.c, v2_line); these
  // are the decisions it makes itself or must leave to the general path.
  const rnd = createRandom(77);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const ports = ['0', '1', '22', '443', '443', '8080', '65535', '65536', '00', '080', '-', '99999'];
  const iface = (n: number) => 'eni-' + 'x'.repeat(n);
  const lines = [headerLine()];
  for (const base of generateFlowLines(6000, { seed: 14 })) {
    const f = base.split(' ');
    const r = rnd();
    if (r < 0.3) {
      f[5] = f[6] = pick(ports); // a tie: srcport is the one zeroed
    } else if (r < 0.5) {
      f[5] = pick(ports);
      f[6] = pick(ports);
    } else if (r < 0.6) {
      f[pick([0, 7, 8, 9, 10, 11])] = pick(['-', '0', '007', '1' + '0'.repeat(15)]);
    } else if (r < 0.7) {
      f[2] = iface(Math.floor(rnd() * 80)); // lines from ~60 to ~160 bytes: both sides of 128
    } else if (r < 0.75) {
      f[10] = f[10] + '000'; // milliseconds
      f[11] = f[11] + '123';
    } else if (r < 0.8) {
      f[12] = pick(['accept', 'Reject', 'ACCEPTED', '-']);
      f[13] = pick(['ok', 'Ok', 'OK ', 'NODATA']);
    }
    lines.push(f.join(' ') + (rnd() < 0.1 ? '\r' : ''));
  }
  const objects = [{ name: 'straight.log', data: text(lines) }];
  const [kernel] = await both(objects);
  assert.ok(kernel.stats.kept > 3000, String(kernel.stats.kept));
  const ties = kernel.digest.entries.filter((e) => e.srcport === '0' && e.dstport !== '0');
  assert.ok(ties.length > 100, `${ties.length} rows with srcport zeroed`);
  const mid = (kernel.digest.start + kernel.digest.end) / 2;
  await both(objects, { start: kernel.digest.start + 60, stop: mid });
});

test('addresses of every shape: dotted quads near every limit, IPv6 forms, junk', async () => {
  const rnd = createRandom(321);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const good = ['0', '1', '9', '10', '99', '100', '199', '249', '250', '255'];
  const bad = ['00', '01', '256', '260', '300', '999', '0255', '1000', '', 'a', '1a', '-1'];
  const group = () => (rnd() < 0.93 ? pick(good) : pick(bad));
  const quad = () => Array.from({ length: rnd() < 0.95 ? 4 : pick([3, 5]) }, group).join('.');
  const hex = ['0', 'db8', 'ffff', 'FFFF', '2001', 'g', '12345', '', 'fe80', '1'];
  const six = () => {
    const parts = Array.from({ length: pick([2, 3, 5, 7, 8, 9]) }, () => pick(hex));
    if (rnd() < 0.5) {
      parts.splice(Math.floor(rnd() * parts.length), 0, '');
    }
    const s = parts.join(':');
    return rnd() < 0.2 ? `${s}:${quad()}` : rnd() < 0.1 ? `::${s}` : s;
  };
  const lines = [headerLine()];
  for (const base of generateFlowLines(6000, { seed: 13 })) {
    const f = base.split(' ');
    f[3] = rnd() < 0.6 ? quad() : six();
    if (rnd() < 0.3) {
      f[4] = rnd() < 0.5 ? quad() : six();
    }
    lines.push(f.join(' '));
  }
  const [kernel] = await both([{ name: 'addresses.log', data: text(lines) }]);
  const skipped = Object.values(kernel.stats.skipped).reduce((a, b) => a + b, 0);
  assert.ok(
    kernel.stats.kept > 1000 && skipped > 1000,
    `${kernel.stats.kept} kept, ${skipped} skipped`,
  );
});

test('digest order: the kernel sorts ASCII keys as JS orders strings; non-ASCII falls back', async () => {
  const row = (eni: string, src: string) =>
    `2 123 ${eni} ${src} 10.0.0.2 50000 443 6 1 2 1763800000 1763800060 ACCEPT OK`;
  const ascii = ['eni-a', 'eni-Z', 'eni-~', 'eni-', 'eni-a1', 'eni-A', 'eni-aa', '-', 'e'];
  const lines = ascii.flatMap((e, i) => [row(e, `10.0.${i}.1`), row(e, `10.0.${i}.10`)]);
  const objects = [{ name: 'order.log', data: text([headerLine(), ...lines]) }];
  const [wasm, js] = await both(objects);
  assertSame([wasm, js]);
  const keys = wasm.digest.entries.map((e) => `${e.interfaceId} ${e.srcaddr}`);
  assert.deepEqual(keys, [...keys].sort(), 'in JS string order');
  const unicode = [...lines, row('eni-ü', '10.9.9.9'), row('eni-\u{1F600}', '10.9.9.8')];
  assertSame(await both([{ name: 'utf8.log', data: text([headerLine(), ...unicode]) }]));
});

test('digest order: keys tied for many words, keys running on past others, long runs of ties', async () => {
  // The native kernel sorts keys 8 bytes at a time, each run of keys tied on a word by the next
  // word (a radix sort for long runs, an insertion sort for short ones): ties at every depth.
  const rnd = createRandom(99);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const long = 'eni-' + '0123456789abcdef'.repeat(3);
  const enis = ['eni-', 'eni-0', 'eni-!', 'eni-~', long, `${long}0`, `${long}!`, `${long}~`];
  for (let n = 5; n < long.length; n += 3) {
    enis.push(long.slice(0, n)); // ending at every offset of a word
  }
  const lines: string[] = [];
  for (const eni of enis) {
    for (let i = 0; i < 120; i++) {
      const src = pick(['10.0.0.1', '10.0.0.10', '10.0.0.100', '10.0.0.2', '10.0.1.1']);
      const dst = `10.1.${Math.floor(rnd() * 3)}.${Math.floor(rnd() * 256)}`;
      const ports = `${pick(['443', '4430', '44', '50000'])} ${pick(['22', '2', '220'])}`;
      const tail = `${pick(['6', '17', '1'])} 3 400 1763800000 1763800060 ${pick(['ACCEPT', 'REJECT'])} OK`;
      lines.push(`2 123456789012 ${eni} ${src} ${dst} ${ports} ${tail}`);
    }
  }
  const objects = [{ name: 'ties.log', data: text([headerLine(), ...lines]) }];
  const [kernel] = await both(objects);
  assert.ok(kernel.digest.entries.length > 1500, String(kernel.digest.entries.length));
  const keys = kernel.digest.entries.map(
    (e) =>
      `${e.accountId} ${e.interfaceId} ${e.srcaddr} ${e.dstaddr} ${e.srcport} ${e.dstport} ` +
      `${e.protocol} ${e.action} ${e.logStatus}`,
  );
  assert.deepEqual(keys, [...keys].sort(), 'in JS string order');
});

test('overlong lines and a last line without a newline', async () => {
  const lines = [headerLine(), ...generateFlowLines(100, { seed: 9 })];
  const long = 'x'.repeat((1 << 20) + 10);
  const data = Buffer.from(
    [lines[0], lines[1], long, lines[2], long + ' ' + long, ...lines.slice(3)].join('\n'),
  );
  const [wasm, js] = await both([{ name: 'long.log', data }]);
  assertSame([wasm, js]);
  assert.equal(wasm.stats.skipped.line_too_long, 2);
  assert.equal(wasm.stats.kept, 100);
});

test("gzip objects, inflated straight into the native kernel: the JS path's results", async () => {
  // With the native addon, a gzip object's pieces go from ISA-L into the kernel's memory
  // (KernelScanner.sink); members, truncation, overlong lines and the size cap must come out
  // as on the JS path, which reads decoded chunks.
  const lines = [headerLine(), ...generateFlowLines(30_000, { seed: 15, coverageRate: 0.01 })];
  const long = 'x'.repeat((1 << 20) + 10);
  const body = text([
    ...lines.slice(0, 500),
    long,
    ...lines.slice(500, 900),
    `${long} ${long}`,
    ...lines.slice(900),
  ]);
  const half = body.length >> 1;
  const whole = gzipSync(text(lines));
  // A truncated object reads the same whatever its chunks only with the native gunzip: Node's
  // zlib loses up to one decode chunk before the cut, which depends on how the input came in
  // (read-flows.ts, recoverTail), and each path here gets its own random chunks.
  const truncated = nativeGunzipAvailable() ? 1 : 0;
  const objects = [
    {
      name: 'members.log.gz',
      data: Buffer.concat([gzipSync(body.subarray(0, half)), gzipSync(body.subarray(half))]),
    },
    ...(truncated
      ? [{ name: 'truncated.log.gz', data: whole.subarray(0, Math.floor(whole.length * 0.6)) }]
      : []),
  ];
  const saved = process.env.FLOWLENS_INFLATE_HERE;
  try {
    // Inflated into the kernel on this thread (one core), or on the pool into reused buffers.
    for (const here of ['1', '0']) {
      process.env.FLOWLENS_INFLATE_HERE = here;
      const [kernel] = await both(objects);
      assert.equal(kernel.stats.skipped.line_too_long, 2);
      assert.equal(kernel.stats.skipped.truncated_gzip ?? 0, truncated);
      assert.ok(kernel.stats.kept > 29_000 + truncated * 15_000, String(kernel.stats.kept));
      const [capped] = await both(objects, undefined, { maxDecodedBytes: 1_500_000 });
      assert.equal(capped.stats.skipped.decoded_too_large, 1 + truncated);
      const { kept } = capped.stats;
      assert.ok(kept > 800 + truncated * 5000 && kept < 30_000, String(kept));
    }
  } finally {
    if (saved === undefined) {
      delete process.env.FLOWLENS_INFLATE_HERE;
    } else {
      process.env.FLOWLENS_INFLATE_HERE = saved;
    }
  }
});

test('the committed kernel binary is built from its source', async () => {
  const binary = await compileKernel();
  assert.ok(
    Buffer.from(binary).equals(readFileSync(KERNEL_WASM)),
    'digest-kernel.wasm is stale: run npm run build:kernel',
  );
});
