import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createPseudonymizer } from './pseudonymize.ts';
import { parseIp, formatIp } from './ip-address.ts';

function commonPrefix(a: string, b: string): number {
  const x = parseIp(a);
  const y = parseIp(b);
  assert.ok(x && y && x.version === y.version);
  const bits = x.version === 4 ? 32 : 128;
  let diff = x.value ^ y.value;
  let n = bits;
  while (diff > 0n) {
    diff >>= 1n;
    n -= 1;
  }
  return n;
}

const v4 = fc.ipV4();
const v6 = fc.ipV6().map((s) => formatIp(parseIp(s) ?? { version: 6, value: 0n }));

test('should be deterministic for the same key, also across instances', () => {
  const a = createPseudonymizer('secret');
  const b = createPseudonymizer('secret');
  fc.assert(fc.property(fc.oneof(v4, v6), (ip) => a(ip) === b(ip) && a(ip) === a(ip)));
});

test('should depend on the key', () => {
  const a = createPseudonymizer('secret');
  const b = createPseudonymizer('other');
  const ips = ['10.0.0.1', '192.168.1.20', '8.8.8.8', '2001:db8::1', 'fe80::1'];
  assert.ok(ips.every((ip) => a(ip) !== b(ip)));
});

test('should preserve exactly the shared prefix length (IPv4 and IPv6)', () => {
  const p = createPseudonymizer('prefix-key');
  for (const gen of [v4, v6]) {
    fc.assert(
      fc.property(gen, gen, (x, y) => commonPrefix(x, y) === commonPrefix(p(x), p(y))),
      { numRuns: 300 },
    );
  }
});

test('should preserve a /24 and a /64 between neighbours', () => {
  const p = createPseudonymizer('k');
  assert.ok(commonPrefix(p('10.1.2.3'), p('10.1.2.200')) >= 24);
  assert.ok(commonPrefix(p('2001:db8:1:2::5'), p('2001:db8:1:2:ffff::9')) >= 64);
});

test('should be bijective on a sample and keep the address family', () => {
  const p = createPseudonymizer('bijective');
  const seen = new Set<string>();
  for (let i = 0; i < 4096; i += 1) {
    const out = p(`10.0.${i >> 8}.${i & 255}`);
    assert.ok(out.startsWith(p('10.0.0.0').split('.').slice(0, 2).join('.') + '.'));
    seen.add(out);
  }
  assert.equal(seen.size, 4096);
  const six = new Set(Array.from({ length: 512 }, (_, i) => p(`2001:db8::${i.toString(16)}`)));
  assert.equal(six.size, 512);
  assert.ok([...six].every((s) => parseIp(s)?.version === 6));
});

test('should leave non-addresses (aliases, services) unchanged', () => {
  const p = createPseudonymizer('k');
  assert.equal(p('my-server'), 'my-server');
  assert.equal(p('S3'), 'S3');
});
