import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createIngestStats } from '../model/ingest-stats.ts';
import { DEFAULT_LAYOUT, compileLayout } from '../sources/decode/log-format.ts';
import { parseLines } from './parse-lines.ts';

const V2 = DEFAULT_LAYOUT;
const line = (src: string, dst: string) =>
  `2 123456789012 eni-1 ${src} ${dst} 443 49152 6 10 840 1700000000 1700000060 ACCEPT OK`;

test('delivered lines become records; coverage and bad lines are counted', () => {
  const stats = createIngestStats();
  const records = parseLines(
    [
      line('8.8.8.8', '10.0.0.1'),
      '2 123456789012 eni-1 - - - - - - - 1700000000 1700000060 - NODATA',
      'not a flow line',
      line('2001:db8::1', '10.0.0.2'),
    ],
    V2,
    stats,
  );
  assert.deepEqual(
    records.map((r) => [r.srcaddr, r.dstaddr, r.bytes]),
    [
      ['8.8.8.8', '10.0.0.1', 840],
      ['2001:db8::1', '10.0.0.2', 840],
    ],
  );
  assert.equal(stats.records, 4);
  assert.equal(stats.kept, 2);
  assert.equal(stats.nodata, 1);
  assert.equal(
    Object.values(stats.skipped).reduce((a, b) => a + b, 0),
    1,
  );
});

test('multi-byte text in one line does not shift the next line', () => {
  const stats = createIngestStats();
  const layout = compileLayout(['srcaddr', 'dstaddr', 'vpc-id']);
  const records = parseLines(
    ['8.8.8.8 10.0.0.1 vpc-é€😀', '1.1.1.1 10.0.0.2 vpc-2', '', '9.9.9.9 10.0.0.3 vpc-3'],
    layout,
    stats,
  );
  assert.deepEqual(
    records.map((r) => [r.srcaddr, r.vpcId]),
    [
      ['8.8.8.8', 'vpc-é€😀'],
      ['1.1.1.1', 'vpc-2'],
      ['9.9.9.9', 'vpc-3'],
    ],
  );
  assert.equal(stats.kept, 3);
});

test('a header line in the delivery switches the layout for the lines after it', () => {
  const stats = createIngestStats();
  const records = parseLines(
    ['srcaddr dstaddr bytes', '8.8.8.8 10.0.0.1 77', line('1.1.1.1', '10.0.0.2')],
    V2,
    stats,
  );
  assert.deepEqual(records, [{ srcaddr: '8.8.8.8', dstaddr: '10.0.0.1', bytes: 77 }]);
  assert.equal(stats.records, 2, 'the header is not a record');
  assert.deepEqual(stats.skipped, { too_many_fields: 1 });
});
