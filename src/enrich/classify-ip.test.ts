import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyIp, SPECIAL_BLOCKS } from './classify-ip.ts';
import type { IpScope } from './enricher.ts';

const CASES: readonly (readonly [string, IpScope])[] = [
  ['8.8.8.8', 'public'],
  ['1.1.1.1', 'public'],
  ['52.94.76.1', 'public'],
  ['9.255.255.255', 'public'],
  ['10.0.0.0', 'private'],
  ['10.255.255.255', 'private'],
  ['11.0.0.0', 'public'],
  ['172.15.255.255', 'public'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['172.32.0.0', 'public'],
  ['192.168.1.1', 'private'],
  ['192.169.0.1', 'public'],
  ['100.63.255.255', 'public'],
  ['100.64.0.1', 'cgnat'],
  ['100.127.255.255', 'cgnat'],
  ['100.128.0.0', 'public'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['169.254.169.254', 'link-local'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'reserved'],
  ['192.0.0.8', 'reserved'],
  ['192.0.2.55', 'documentation'],
  ['198.51.100.1', 'documentation'],
  ['203.0.113.200', 'documentation'],
  ['203.0.114.1', 'public'],
  ['198.18.0.1', 'benchmark'],
  ['198.19.255.255', 'benchmark'],
  ['198.20.0.0', 'public'],
  ['224.0.0.251', 'multicast'],
  ['239.255.255.255', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.254', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['::2', 'reserved'],
  ['2001:4860:4860::8888', 'public'],
  ['2600:1f18::1', 'public'],
  ['2001:db8::1', 'documentation'],
  ['3fff:0fff::1', 'documentation'],
  ['2001:2::1', 'benchmark'],
  ['fd12:3456:789a::1', 'ula'],
  ['fc00::1', 'ula'],
  ['fe80::1', 'link-local'],
  ['febf::1', 'link-local'],
  ['fec0::1', 'reserved'],
  ['ff02::1', 'multicast'],
  ['100::1', 'reserved'],
  ['64:ff9b:1::1', 'private'],
  ['4000::1', 'reserved'],
  ['::ffff:10.1.2.3', 'private'],
  ['::ffff:8.8.8.8', 'public'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:100.64.0.1', 'cgnat'],
  ['-', 'invalid'],
  ['', 'invalid'],
  ['fe80::1%eth0', 'invalid'],
  ['10.0.0.256', 'invalid'],
];

test('classifyIp follows the special-purpose table', () => {
  for (const [ip, scope] of CASES) {
    assert.equal(classifyIp(ip), scope, ip);
  }
});

test('every table row parses and classifies its own network address', () => {
  for (const [cidr, scope] of SPECIAL_BLOCKS) {
    const base = cidr.slice(0, cidr.indexOf('/'));
    // 0.0.0.0/8 and ::/128-adjacent rows share a base with a more specific row.
    if (base === '0.0.0.0' || base === '::') {
      continue;
    }
    assert.equal(classifyIp(base), scope, cidr);
  }
});
