/* eslint-disable no-restricted-imports -- tests may use Node's runner and cross-check with node:net */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIPv4, isIPv6 } from 'node:net';
import fc from 'fast-check';
import {
  cidrContains,
  formatCidr,
  formatIPv4,
  formatIPv6,
  ipv4FromMapped,
  isValidIp,
  parseCidr,
  parseIPv4,
  parseIPv6,
  parseIp,
} from './ip.ts';

const hex = (bytes: Uint8Array | null) =>
  bytes === null ? null : Buffer.from(bytes).toString('hex');

test('parseIPv4 reads dotted quads as uint32', () => {
  const cases: [string, number | null][] = [
    ['0.0.0.0', 0],
    ['1.2.3.4', 0x01020304],
    ['255.255.255.255', 0xffffffff],
    ['192.168.0.1', 0xc0a80001],
    ['10.0.0.10', 0x0a00000a],
  ];
  for (const [s, want] of cases) {
    assert.equal(parseIPv4(s), want, s);
  }
});

test('parseIPv4 rejects malformed input with null', () => {
  const bad = [
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.0.0.1',
    '1.2.3.256',
    '01.2.3.4', // leading zero: inet_aton would read octal
    '1.2.3.04',
    '1.2.3.0004',
    '1..3.4',
    '.1.2.3',
    '1.2.3.4.',
    ' 1.2.3.4',
    '1.2.3.4 ',
    '1.2.3.-4',
    '1.2.3.4/32',
    '0x1.2.3.4',
    '-',
    '1.2.3.4\n',
  ];
  for (const s of bad) {
    assert.equal(parseIPv4(s), null, JSON.stringify(s));
  }
});

test('parseIPv6 handles compression, embedded IPv4 and case', () => {
  const cases: [string, string][] = [
    ['::', '00000000000000000000000000000000'],
    ['::1', '00000000000000000000000000000001'],
    ['1::', '00010000000000000000000000000000'],
    ['2001:db8::1', '20010db8000000000000000000000001'],
    ['2001:DB8:0:0:0:0:0:1', '20010db8000000000000000000000001'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '20010db8000000000000000000000001'],
    ['::ffff:1.2.3.4', '00000000000000000000ffff01020304'],
    ['::ffff:0102:0304', '00000000000000000000ffff01020304'],
    ['64:ff9b::192.0.2.33', '0064ff9b0000000000000000c0000221'],
    ['1:2:3:4:5:6:7::', '00010002000300040005000600070000'],
    ['::2:3:4:5:6:7:8', '00000002000300040005000600070008'],
    ['1:2:3:4:5:6:1.2.3.4', '00010002000300040005000601020304'],
    ['fe80::1', 'fe800000000000000000000000000001'],
  ];
  for (const [s, want] of cases) {
    assert.equal(hex(parseIPv6(s)), want, s);
  }
});

test('parseIPv6 rejects zone ids, brackets and malformed text', () => {
  const bad = [
    '',
    ':',
    ':::',
    '1:2',
    'fe80::1%eth0',
    'fe80::1%1',
    '[::1]',
    '::1/128',
    '1::2::3',
    ':1::2',
    '1::2:',
    '12345::1',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7:8::',
    '1:2:3:4:5:6:7',
    'g::1',
    '::ffff:1.2.3',
    '::ffff:01.2.3.4',
    '::1.2.3.4:5',
    '1.2.3.4::',
    '1:2:3:4:5:6:7:1.2.3.4',
    ' ::1',
  ];
  for (const s of bad) {
    assert.equal(parseIPv6(s), null, JSON.stringify(s));
  }
});

test('parseIPv4 agrees with node:net on generated near-miss strings', () => {
  const chars = fc.constantFrom(...'0123456789.'.split(''), '00', '25', '255', '256');
  fc.assert(
    fc.property(fc.array(chars, { maxLength: 16 }), (parts) => {
      const s = parts.join('');
      assert.equal(parseIPv4(s) !== null, isIPv4(s), s);
    }),
    { numRuns: 5000 },
  );
});

test('parseIPv6 agrees with node:net on generated near-miss strings (no zone ids)', () => {
  const chars = fc.constantFrom(...'0123456789abcdefABCDEF:.'.split(''), '::', 'ffff', '1.2.3.4');
  fc.assert(
    fc.property(fc.array(chars, { maxLength: 24 }), (parts) => {
      const s = parts.join('');
      assert.equal(parseIPv6(s) !== null, isIPv6(s), s);
    }),
    { numRuns: 5000 },
  );
});

test('formatIPv6 matches the WHATWG URL serializer and round-trips', () => {
  const bytes = fc.uint8Array({ minLength: 16, maxLength: 16 });
  // Bias towards zero runs, where compression choices happen.
  const sparse = fc
    .array(fc.constantFrom(0, 0, 0, 1, 0xffff, 0xdb8), { minLength: 8, maxLength: 8 })
    .map((groups) => new Uint8Array(groups.flatMap((g) => [g >> 8, g & 0xff])));
  fc.assert(
    fc.property(fc.oneof(bytes, sparse), (b) => {
      const text = formatIPv6(b);
      assert.equal(`[${text}]`, new URL(`http://[${text}]/`).hostname);
      assert.equal(hex(parseIPv6(text)), hex(b));
    }),
    { numRuns: 3000 },
  );
});

test('formatIPv4 round-trips every sampled uint32', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
      assert.equal(parseIPv4(formatIPv4(n)), n);
    }),
  );
});

test('parseIp, isValidIp and ipv4FromMapped', () => {
  assert.deepEqual(parseIp('8.8.8.8'), { family: 4, value: 0x08080808 });
  assert.equal(parseIp('::1')?.family, 6);
  assert.equal(parseIp('-'), null);
  assert.equal(parseIp(undefined as unknown as string), null);
  assert.equal(isValidIp('10.0.0.1'), true);
  assert.equal(isValidIp('10.0.0.1%eth0'), false);
  assert.equal(ipv4FromMapped(parseIPv6('::ffff:1.2.3.4')!), 0x01020304);
  assert.equal(ipv4FromMapped(parseIPv6('::1.2.3.4')!), null);
  assert.equal(ipv4FromMapped(parseIPv6('64:ff9b::1.2.3.4')!), null);
});

test('parseCidr normalises host bits and validates the prefix', () => {
  assert.equal(formatCidr(parseCidr('10.1.2.3/8')!), '10.0.0.0/8');
  assert.equal(formatCidr(parseCidr('0.0.0.0/0')!), '0.0.0.0/0');
  assert.equal(formatCidr(parseCidr('1.2.3.4')!), '1.2.3.4/32');
  assert.equal(formatCidr(parseCidr('2001:db8:1:2::5/33')!), '2001:db8::/33');
  assert.equal(formatCidr(parseCidr('fe80::/10')!), 'fe80::/10');
  assert.equal(formatCidr(parseCidr('::/0')!), '::/0');
  assert.equal(formatCidr(parseCidr('::1')!), '::1/128');
  for (const bad of [
    '10.0.0.0/33',
    '10.0.0.0/',
    '10.0.0.0/08',
    '10.0.0.0/-1',
    '::/129',
    'x/8',
    '/8',
  ]) {
    assert.equal(parseCidr(bad), null, bad);
  }
});

test('cidrContains checks membership per family', () => {
  const cases: [string, string, boolean][] = [
    ['10.0.0.0/8', '10.255.255.255', true],
    ['10.0.0.0/8', '11.0.0.0', false],
    ['172.16.0.0/12', '172.31.255.255', true],
    ['172.16.0.0/12', '172.32.0.0', false],
    ['0.0.0.0/0', '203.0.113.9', true],
    ['1.2.3.4/32', '1.2.3.4', true],
    ['1.2.3.4/32', '1.2.3.5', false],
    ['fe80::/10', 'febf:ffff::1', true],
    ['fe80::/10', 'fec0::1', false],
    ['2001:db8::/32', '2001:db8:ffff::', true],
    ['2001:db8::/32', '2001:db9::', false],
    ['::/0', '::1', true],
    ['10.0.0.0/8', '::ffff:10.0.0.1', false],
    ['::ffff:0:0/96', '10.0.0.1', false],
    ['10.0.0.0/8', 'not-an-ip', false],
  ];
  for (const [cidr, ip, want] of cases) {
    assert.equal(cidrContains(parseCidr(cidr)!, ip), want, `${cidr} ∋ ${ip}`);
  }
  assert.equal(cidrContains(parseCidr('10.0.0.0/8')!, { family: 4, value: 0x0a000001 }), true);
});
