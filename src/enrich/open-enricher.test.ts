import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openEnricher } from './open-enricher.ts';
import type { CachedEnricher } from './cache-enricher.ts';
import { toGeodata } from './geodata.ts';

// One load of the shipped DB-IP City Lite and ASN tables for the whole file (~3 s).
let enrich: CachedEnricher;
before(async () => {
  enrich = await openEnricher({ aws: false });
});

// Facts checked against the shipped databases (DB-IP City Lite 2026-06, @ip-location-db/asn).
test('well-known public resolvers resolve to their country and AS', () => {
  const google = enrich('8.8.8.8');
  assert.equal(google.scope, 'public');
  assert.equal(google.geo?.countryCode, 'US');
  assert.equal(google.geo?.country, 'United States');
  assert.deepEqual(google.asn, { number: 15169, org: 'Google LLC' });
  const cloudflare = enrich('1.1.1.1');
  assert.equal(cloudflare.geo?.countryCode, 'AU');
  assert.equal(cloudflare.asn?.number, 13335);
  assert.equal(enrich('81.2.69.142').geo?.countryCode, 'GB');
  assert.ok(
    Math.abs((google.geo?.lat ?? 0) - 37.42) < 1 && Math.abs((google.geo?.lon ?? 0) + 122.08) < 1,
  );
});

test('IPv6 and IPv4-mapped addresses are looked up too', () => {
  const v6 = enrich('2001:4860:4860::8888');
  assert.equal(v6.scope, 'public');
  assert.equal(v6.asn?.number, 15169);
  assert.match(v6.geo?.countryCode ?? '', /^[A-Z]{2}$/);
  const mapped = enrich('::ffff:8.8.8.8');
  assert.equal(mapped.geo?.countryCode, 'US');
  assert.equal(mapped.asn?.number, 15169);
});

test('private, reserved and invalid addresses get no geolocation or ASN', () => {
  for (const ip of [
    '10.0.0.1',
    '192.168.1.1',
    '100.64.0.1',
    '127.0.0.1',
    '169.254.169.254',
    'fd00::1',
    '192.0.2.1',
    '-',
    '',
  ]) {
    const info = enrich(ip);
    assert.notEqual(info.scope, 'public', ip);
    assert.equal(info.geo, undefined, ip);
    assert.equal(info.asn, undefined, ip);
  }
});

test('geodata renders ip-api success and failure shapes', () => {
  assert.deepEqual(
    { ...toGeodata(enrich('8.8.8.8')), lat: 0, lon: 0 },
    {
      status: 'success',
      country: 'United States',
      countryCode: 'US',
      regionName: 'California',
      city: 'Mountain View',
      lat: 0,
      lon: 0,
      as: 'AS15169 Google LLC',
      org: 'Google LLC',
      query: '8.8.8.8',
    },
  );
  assert.deepEqual(toGeodata(enrich('10.1.2.3')), {
    status: 'fail',
    message: 'private range',
    query: '10.1.2.3',
  });
  assert.deepEqual(toGeodata(enrich('240.0.0.1')), {
    status: 'fail',
    message: 'reserved range',
    query: '240.0.0.1',
  });
  assert.deepEqual(toGeodata(enrich('-')), {
    status: 'fail',
    message: 'invalid query',
    query: '-',
  });
});

test('the cache returns the same answers as the uncached path', async () => {
  const uncached = await openEnricher({ aws: false, cacheSize: 1 });
  for (const ip of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '10.0.0.1', '8.8.8.8']) {
    assert.deepEqual(enrich(ip), uncached(ip), ip);
  }
});
