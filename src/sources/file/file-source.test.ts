import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { digestSources } from '../../aggregate/digest-sources.ts';
import { runSourceConformance } from '../source-conformance.ts';
import { createFileSource } from './file-source.ts';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

runSourceConformance({
  name: 'file',
  async create(fixture) {
    const dir = await mkdtemp(join(tmpdir(), 'flowlens-file-'));
    dirs.push(dir);
    await mkdir(join(dir, 'nested'));
    // Alternate plain and gzip files, some in a sub-directory; names sort in fixture order.
    await Promise.all(
      fixture.objects.map((lines, i) => {
        const text = [fixture.header, ...lines].join('\n') + '\n';
        const name = `part-${String(i).padStart(3, '0')}.log`;
        return i % 2 === 0
          ? writeFile(join(dir, name), text)
          : writeFile(join(dir, 'nested', `${name}.gz`), gzipSync(text));
      }),
    );
    return createFileSource(dir);
  },
});

test('a window skips directory files whose flow-log names are outside it, unread and counted', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'flowlens-file-window-'));
  dirs.push(dir);
  const day = join(dir, 'AWSLogs', '123456789012', 'vpcflowlogs', 'eu-west-1', '2025', '01', '01');
  await mkdir(day, { recursive: true });
  const name = (hhmm: string) =>
    `123456789012_vpcflowlogs_eu-west-1_fl-1_20250101T${hhmm}Z_abc.log.gz`;
  const header =
    'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
  const line = (t: number) =>
    `2 123456789012 eni-1 10.0.0.1 10.0.0.2 443 50000 6 1 100 ${t} ${t + 60} ACCEPT OK`;
  const at = (hh: number, mm: number) => Date.UTC(2025, 0, 1, hh, mm) / 1000;
  await writeFile(join(day, name('0005')), gzipSync(`${header}\n${line(at(0, 0))}\n`));
  await writeFile(join(day, name('1205')), gzipSync(`${header}\n${line(at(12, 0))}\n`));
  await writeFile(join(day, 'notes.log'), `${header}\n${line(at(23, 0))}\n`);
  const window = { start: at(11, 30), stop: at(12, 30) };

  const windowed = await digestSources([createFileSource(dir)], { window });
  assert.equal(windowed.stats.skipped.key_out_of_window, 1, 'the 00:05 file is not opened');
  assert.equal(windowed.stats.objects, 2, 'the 12:05 file and the file without a stamp');
  assert.equal(windowed.stats.kept, 1);
  assert.equal(windowed.stats.skipped.out_of_window, 1, 'the unstamped file is read and filtered');

  const all = await digestSources([createFileSource(dir)]);
  assert.equal(all.stats.objects, 3);
  assert.equal(all.stats.skipped.key_out_of_window, undefined);
  // A file named on the command line is always read.
  const one = await digestSources([createFileSource(join(day, name('0005')))], { window });
  assert.equal(one.stats.objects, 1);
  assert.equal(one.stats.skipped.out_of_window, 1);
});
