/* eslint-disable no-restricted-imports -- tests may use Node's runner */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { servicePorts } from './service-port.ts';

test('the larger port is zeroed, srcport on a tie, nothing when a port is missing', () => {
  assert.deepEqual(servicePorts(51234, 443), [0, 443]);
  assert.deepEqual(servicePorts(443, 51234), [443, 0]);
  assert.deepEqual(servicePorts(53, 53), [0, 53]);
  assert.deepEqual(servicePorts(0, 0), [0, 0]);
  assert.deepEqual(servicePorts(null, 443), [null, 443]);
  assert.deepEqual(servicePorts(8080, null), [8080, null]);
});
