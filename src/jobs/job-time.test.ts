import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatJobTime, goTimeString, parseJobTime } from './job-time.ts';

describe('job times', () => {
  const cases = [
    ['2019-01-01T00:00:00Z', '2019-01-01 00:00:00 +0000 UTC', '2019-01-01T00:00:00Z'],
    ['2019-01-01T00:00:45.123456789Z', '2019-01-01 00:00:00 +0000 UTC', '2019-01-01T00:00:00Z'],
    ['2019-01-01T00:00:00+00:00', '2019-01-01 00:00:00 +0000 UTC', '2019-01-01T00:00:00Z'],
    ['2019-01-01T02:30:10+02:00', '2019-01-01 02:30:00 +0200 +0200', '2019-01-01T02:30:00+02:00'],
    ['2019-06-30T23:59:59-07:30', '2019-06-30 23:59:00 -0730 -0730', '2019-06-30T23:59:00-07:30'],
  ] as const;
  for (const [input, go, rfc] of cases) {
    it(`should print ${input} as Go does`, () => {
      const t = parseJobTime(input);
      assert.equal(goTimeString(t), go);
      assert.equal(formatJobTime(t), rfc);
      assert.equal(t.seconds % 60, 0);
    });
  }

  for (const bad of [
    '',
    'x',
    '2019-01-01',
    '2019-13-01T00:00:00Z',
    '2019-02-30T00:00:00Z',
    '2019-01-01T24:00:00Z',
    '2019-01-01T00:00:00',
    '2019-01-01 00:00:00Z',
  ]) {
    it(`should reject '${bad}' with FLOW_TIME_INVALID`, () => {
      assert.throws(() => parseJobTime(bad), { code: 'FLOW_TIME_INVALID' });
    });
  }
});
