import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineSplitter, MAX_LINE_BYTES } from './line-splitter.ts';

function split(chunks: Buffer[]) {
  const lines: string[] = [];
  let tooLong = 0;
  const s = new LineSplitter(
    (b, st, e) => lines.push(b.toString('utf8', st, e)),
    () => tooLong++,
  );
  chunks.forEach((c) => s.push(c));
  s.end();
  return { lines, tooLong };
}

test('lines come out the same however the bytes are chunked', () => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', 'é') }), { maxLength: 20 }),
      fc.array(fc.nat(40)),
      (parts, cuts) => {
        const text = parts.join('');
        const whole = Buffer.from(text);
        const chunks: Buffer[] = [];
        let pos = 0;
        for (const c of cuts) {
          chunks.push(whole.subarray(pos, Math.min(whole.length, pos + c)));
          pos = Math.min(whole.length, pos + c);
        }
        chunks.push(whole.subarray(pos));
        const expected = text.split('\n');
        if (expected.at(-1) === '') {
          expected.pop();
        }
        assert.deepEqual(split(chunks).lines, expected);
      },
    ),
    { numRuns: 500 },
  );
});

test('a last line without a newline is kept', () => {
  assert.deepEqual(split([Buffer.from('a\nb')]).lines, ['a', 'b']);
});

test('an over-long line is reported and skipped, the next line survives', () => {
  const long = Buffer.alloc(MAX_LINE_BYTES + 10, 'x');
  const r = split([
    Buffer.from('first\n'),
    long.subarray(0, 1000),
    long.subarray(1000),
    Buffer.from('\nlast\n'),
  ]);
  assert.deepEqual(r.lines, ['first', 'last']);
  assert.equal(r.tooLong, 1);
});
