import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { nativeGunzipAvailable } from '../native/gunzip.ts';
import { generateFlowLines, headerLine } from '../sample/generate-flow-logs.ts';
import { RECOVERY_CHUNK } from './decode/compression.ts';
import { createFileSource, createStdinSource } from './file/file-source.ts';
import { scanFlows } from './read-flows.ts';
import type { Source } from './source.ts';

/** The native gunzip decodes (else Node's zlib): it gives every record before a cut. */
const native = nativeGunzipAvailable();

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
  if (native) {
    assert.equal(kept, decodable, 'the native gunzip loses nothing');
  }
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
  if (native) {
    assert.equal(stats.kept, decodable, 'the native gunzip loses nothing');
  }
});

test('truncated gzip on stdin (cannot be read twice) is reported, not retried', async () => {
  const { data, decodable } = truncated(3000);
  const stats = await scanFlows([createStdinSource(Readable.from([data]))], {}, () => undefined);
  assert.equal(stats.skipped.truncated_gzip, 1);
  assert.equal(stats.objects, 1);
  if (native) {
    assert.equal(stats.kept, decodable, 'the native gunzip needs no second pass');
  }
});

test(
  'the tests of this file pass on the zlib path too (FLOWLENS_NATIVE=0)',
  {
    skip:
      process.env.FLOWLENS_NATIVE === '0'
        ? 'this is that run'
        : !native && 'the native gunzip is not available: the tests above ran on zlib',
  },
  () => {
    const env: NodeJS.ProcessEnv = { ...process.env, FLOWLENS_NATIVE: '0' };
    delete env.NODE_TEST_CONTEXT; // a test run of its own, not a subtest of this one
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=dot', fileURLToPath(import.meta.url)],
      { env, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  },
);
