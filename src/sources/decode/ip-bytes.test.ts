import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import fc from 'fast-check';
import { isIpBytes } from './ip-bytes.ts';

const check = (s: string) => {
  const b = Buffer.from(` ${s} `);
  return isIpBytes(b, 1, b.length - 1);
};

test('accepts the address forms flow logs contain', () => {
  for (const ok of [
    '10.0.0.1',
    '255.255.255.255',
    '0.0.0.0',
    '2001:db8::1',
    '::',
    '::1',
    'fe80::1',
    '::ffff:10.0.0.1',
    '2001:db8:1234:a100:8d6e:3477:df66:f105',
    '1::',
    '1:2:3:4:5:6:7:8',
  ]) {
    assert.ok(check(ok), ok);
  }
});

test('rejects malformed addresses', () => {
  for (const bad of [
    '256.0.0.1',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    '1..2.3',
    '1.2.3.4.',
    'abc',
    '-1.2.3.4',
    '1:2:3:4:5:6:7:8:9',
    ':::',
    '1::2::3',
    'fe80::1%eth0',
    '12345::',
    '1:2:3:4:5:6:7',
    'g::1',
    '',
  ]) {
    assert.ok(!check(bad), bad);
  }
});

test('agrees with node:net on generated addresses and near-misses', () => {
  const ipv4 = fc.ipV4().map((s) => s);
  const ipv6 = fc.ipV6();
  const junk = fc.string({
    unit: fc.constantFrom(...'0123456789abcdef:.'.split('')),
    maxLength: 40,
  });
  fc.assert(
    fc.property(fc.oneof(ipv4, ipv6, junk), (s) => {
      const tail = s.split(':').pop() ?? '';
      // Dotted quads with leading zeros are refused (ambiguous octal), whatever node says.
      const expected = isIP(s) !== 0 && !(tail.includes('.') && /(^|\.)0\d/.test(tail));
      assert.equal(check(s), expected, s);
    }),
    { numRuns: 3000 },
  );
});
