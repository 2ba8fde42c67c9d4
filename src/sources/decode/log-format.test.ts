import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LAYOUT, compileLayout, looksLikeHeader, parseLogFormat } from './log-format.ts';
import { isFlowError } from '../../model/errors.ts';

test('every spelling of a format compiles to the same canonical names', () => {
  const spellings = [
    '${version} ${account-id} ${srcaddr} ${log-status}',
    'version account-id srcaddr log-status',
    'version account_id srcaddr log_status',
    '$${version} $${account-id} $${srcaddr} $${log-status}',
    'version,account-id,srcaddr,log-status',
  ];
  for (const s of spellings) {
    assert.deepEqual(
      parseLogFormat(s).names,
      ['version', 'account-id', 'srcaddr', 'log-status'],
      s,
    );
  }
});

test('columns are found by record key, absent fields are -1', () => {
  const l = parseLogFormat('srcaddr dstaddr ${log-status} my-new-field');
  assert.equal(l.col('srcaddr'), 0);
  assert.equal(l.col('logStatus'), 2);
  assert.equal(l.col('action'), -1);
  assert.equal(l.specs[3], undefined, 'unknown fields are kept, without a spec');
  assert.equal(l.names[3], 'my-new-field');
});

test('the default layout is the 14 v2 fields', () => {
  assert.equal(DEFAULT_LAYOUT.width, 14);
  assert.equal(DEFAULT_LAYOUT.col('logStatus'), 13);
});

test('invalid formats are typed errors', () => {
  for (const bad of ['', '   ', 'version version', 'version 9lives', 'srcaddr dst@addr']) {
    assert.throws(
      () => parseLogFormat(bad),
      (e) => isFlowError(e, 'FLOW_FORMAT_INVALID'),
      bad,
    );
  }
  assert.throws(
    () => compileLayout([]),
    (e) => isFlowError(e, 'FLOW_FORMAT_INVALID'),
  );
});

test('header detection tells field names from data', () => {
  assert.ok(looksLikeHeader('version account-id interface-id srcaddr'.split(' ')));
  assert.ok(looksLikeHeader('account_id action az_id bytes'.split(' ')));
  assert.ok(!looksLikeHeader('2 123456789010 eni-1 10.0.0.1'.split(' ')));
  // A NAT-gateway custom format's data line starts with name-like tokens but is not a header.
  assert.ok(!looksLikeHeader('- eni-1235b8ca123456789 10.0.1.5 10.0.0.220'.split(' ')));
  assert.ok(!looksLikeHeader('ingress egress'.split(' ')));
  assert.ok(!looksLikeHeader([]));
});
