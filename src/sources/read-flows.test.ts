import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { generateFlowLines, headerLine } from '../sample/generate-flow-logs.ts';
import { RECOVERY_CHUNK } from './decode/compression.ts';
import { createFileSource, createStdinSource } from './file/file-source.ts';
import { scanFlows } from './read-flows.ts';
import type { Source } from './source.ts';

const dir = await mkdtemp(join(tmpdir(), 'flowlens-read-'));
after(() => rm(dir, { recursive: true, force: true }));

/** A gzip object cut short, and the number of whole records zlib can still decode from it. */
function truncated(records: number): { data: Buffer; decodable: number } {
  const text = [headerLine(), ...generateFlowLines(records, { seed: 21, coverageRate: 0 })];
  const full = gzipSync(text.join('\n') + '\n');
  const data = full.subarray(0, Math.floor(full.length * 0.7));
  const prefix = gunzipSync(data, { finishFlush: constants.Z_SYNC_FLUSH }).toString();
  return { data, decodable: prefix.split('\n').length - 2 }; // minus the header and a part line
}

/**
 * One object delivered as a 7-byte piece and the rest: zlib then decodes the rest in the call
 * that also finishes the stream, and when that call hits the cut, Node drops its output (up to
 * one decode chunk).
 */
function pieces(data: Buffer): Source {
  return {
    kind: 'memory',
    uri: 'memory:',
    async *objects() {
      yield {
        name: 'cut.log.gz',
        size: data.length,
        envelope: 'auto',
        open: async () => Readable.from([data.subarray(0, 7), data.subarray(7)]),
      };
    },
  };
}

test('a truncated gzip object: everything before the cut but the last few KiB is digested', async () => {
  const { data, decodable } = truncated(30_000);
  let kept = 0;
  const stats = await scanFlows([pieces(data)], {}, () => kept++);
  assert.equal(stats.skipped.truncated_gzip, 1);
  assert.equal(stats.kept, kept);
  const lostBound = Math.ceil(RECOVERY_CHUNK / 100) + 1; // lines are over 100 bytes
  assert.ok(kept <= decodable, `${kept} <= ${decodable}`);
  assert.ok(kept >= decodable - lostBound, `kept ${kept} of ${decodable} decodable`);
});

test('a small truncated file (under one decode chunk) still gives its records', async () => {
  const { data, decodable } = truncated(3000);
  const path = join(dir, 'small-cut.log.gz');
  await writeFile(path, data);
  const fromFile = await scanFlows([createFileSource(path)], {}, () => undefined);
  assert.equal(fromFile.kept, decodable, 'one read, nothing lost');
  const stats = await scanFlows([pieces(data)], {}, () => undefined);
  assert.equal(stats.skipped.truncated_gzip, 1);
  assert.ok(stats.kept >= decodable - RECOVERY_CHUNK / 100 - 1, `${stats.kept} of ${decodable}`);
});

test('truncated gzip on stdin (cannot be read twice) is reported, not retried', async () => {
  const { data } = truncated(3000);
  const stats = await scanFlows([createStdinSource(Readable.from([data]))], {}, () => undefined);
  assert.equal(stats.skipped.truncated_gzip, 1);
  assert.equal(stats.objects, 1);
});
