import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupLookups, type GroupInfo } from './group-lookups.ts';

const TABLE: Record<string, GroupInfo> = {
  '8.8.8.8': {
    scope: 'public',
    asn: { number: 15169, org: 'Google LLC' },
    geo: { countryCode: 'US' },
  },
  '203.0.113.9': { scope: 'documentation' },
  '5.5.5.5': { scope: 'public' },
  '10.1.2.3': { scope: 'private' },
  'fd00::1': { scope: 'ula' },
  '100.64.0.1': { scope: 'cgnat' },
  '-': { scope: 'invalid' },
};
const { asn, country } = groupLookups((ip) => TABLE[ip] ?? { scope: 'invalid' });

test('groupLookups should name known public addresses by AS and country code', () => {
  assert.equal(asn('8.8.8.8'), 'AS15169 Google LLC');
  assert.equal(country('8.8.8.8'), 'US');
});

test('groupLookups should fold private space into one "private" group', () => {
  for (const ip of ['10.1.2.3', 'fd00::1', '100.64.0.1']) {
    assert.equal(asn(ip), 'private', ip);
    assert.equal(country(ip), 'private', ip);
  }
});

test('groupLookups should name other special blocks by scope and unknown public as unknown', () => {
  assert.equal(asn('203.0.113.9'), 'documentation');
  assert.equal(country('5.5.5.5'), 'unknown');
  assert.equal(asn('5.5.5.5'), 'unknown');
});

test('groupLookups should leave non-addresses to the default node naming', () => {
  assert.equal(asn('-'), undefined);
  assert.equal(country('-'), undefined);
});
