/* eslint-disable no-restricted-imports -- tests may use Node's runner */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ephemeralPort } from './service-port.ts';

test('the larger port is the ephemeral one, srcport on a tie, none when a port is missing', () => {
  assert.equal(ephemeralPort(51234, 443), 'src');
  assert.equal(ephemeralPort(443, 51234), 'dst');
  assert.equal(ephemeralPort(53, 53), 'src');
  assert.equal(ephemeralPort(0, 0), 'src');
  assert.equal(ephemeralPort(null, 443), null);
  assert.equal(ephemeralPort(8080, null), null);
});
