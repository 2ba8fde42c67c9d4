import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrContains, formatCidr, formatIp, parseCidr, parseIp } from './ip-address.ts';

test('should round-trip IPv4 and canonicalise IPv6 (RFC 5952)', () => {
  const cases: [string, string][] = [
    ['172.31.16.139', '172.31.16.139'],
    ['0.0.0.0', '0.0.0.0'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
    ['2001:db8::1:0:0:1', '2001:db8::1:0:0:1'],
    ['::', '::'],
    ['::ffff:10.0.0.1', '::ffff:a00:1'],
    ['fe80::', 'fe80::'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['1:0:3:4:5:6:7:8', '1:0:3:4:5:6:7:8'],
  ];
  for (const [input, expected] of cases) {
    const ip = parseIp(input);
    assert.ok(ip, input);
    assert.equal(formatIp(ip), expected);
  }
});

test('should reject malformed addresses', () => {
  for (const bad of [
    '',
    '1.2.3',
    '1.2.3.256',
    '01.2.3.4',
    'a.b.c.d',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    'x',
  ]) {
    assert.equal(parseIp(bad), null, bad);
  }
});

test('should parse CIDRs, clear host bits and test membership', () => {
  const c = parseCidr('10.1.2.3/16');
  assert.ok(c);
  assert.equal(formatCidr(c), '10.1.0.0/16');
  assert.ok(cidrContains(c, parseIp('10.1.255.1')!));
  assert.ok(!cidrContains(c, parseIp('10.2.0.1')!));
  assert.ok(!cidrContains(c, parseIp('::1')!));
  assert.equal(formatCidr(parseCidr('2001:db8:aa::1/48')!), '2001:db8:aa::/48');
  assert.equal(formatCidr(parseCidr('8.8.8.8')!), '8.8.8.8/32');
  for (const bad of ['10.0.0.0/33', '10.0.0.0/x', 'foo/8', '::/129', '1.2.3.4/8/9']) {
    assert.equal(parseCidr(bad), null, bad);
  }
});
