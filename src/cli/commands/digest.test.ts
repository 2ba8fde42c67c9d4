import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCli } from '../run-cli.ts';
import { generateFlowLines, headerLine } from '../../sample/generate-flow-logs.ts';

let dir: string;
const HEADER = headerLine();
const good = [
  ...generateFlowLines(500, { seed: 7, coverageRate: 0.02, start: 1_763_800_000, span: 600 }),
];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flowlens-digest-'));
  await mkdir(join(dir, 'tree', 'sub'), { recursive: true });
  await writeFile(
    join(dir, 'tree', 'a.log.gz'),
    gzipSync(HEADER + '\n' + good.slice(0, 250).join('\n') + '\n'),
  );
  await writeFile(
    join(dir, 'tree', 'sub', 'b.log'),
    HEADER + '\n' + good.slice(250).join('\n') + '\n',
  );
  await writeFile(join(dir, 'all.log'), HEADER + '\n' + good.join('\n') + '\n');
  // The malformed corpus: every kind of bad input, next to good lines.
  const junk = [
    HEADER,
    good[0],
    '2 123 eni-1 10.0.0.1',
    good[1] + ' too many',
    good[2]!.replace(/ 10\.\d+\.\d+\.\d+ /, ' 10.0.0.999 '),
    good[3]!.replace(/ (\d+) (\d+) (6|17|1) /, ' http $2 $3 '),
    '\u0000\u0007\u00ff binary junk \u0001',
    good[4],
  ];
  await writeFile(join(dir, 'malformed.log'), junk.join('\n') + '\n');
  const full = gzipSync(HEADER + '\n' + good.join('\n') + '\n');
  await writeFile(join(dir, 'truncated.log.gz'), full.subarray(0, full.length - 200));
  await writeFile(join(dir, 'empty.log'), '');
  await writeFile(join(dir, 'header-only.log'), HEADER + '\n');
});

after(() => rm(dir, { recursive: true, force: true }));

test('a directory (gzip + plain, recursive) digests like the same records in one file', async () => {
  const tree = await runCli(['digest', '-q', join(dir, 'tree')]);
  const one = await runCli(['digest', '-q', join(dir, 'all.log')]);
  assert.equal(tree.code, 0, tree.stderr);
  assert.ok(tree.stdout.length > 0);
  assert.equal(tree.stdout, one.stdout);
});

test('stdin works with -', async () => {
  const text = HEADER + '\n' + good.join('\n') + '\n';
  const viaStdin = await runCli(['digest', '-q', '-'], { stdin: gzipSync(text) });
  const viaFile = await runCli(['digest', '-q', join(dir, 'all.log')]);
  assert.equal(viaStdin.stdout, viaFile.stdout);
});

test('the malformed corpus: counted skips, good lines digested, exit 0; --strict exits 1', async () => {
  const statsFile = join(dir, 'stats.json');
  const r = await runCli(['digest', '--stats-file', statsFile, join(dir, 'malformed.log')]);
  assert.equal(r.code, 0, r.stderr);
  const stats = JSON.parse(await readFile(statsFile, 'utf8'));
  assert.deepEqual(stats.skipped, {
    too_few_fields: 1,
    too_many_fields: 1,
    bad_address: 1,
    bad_number: 1,
    binary_junk: 1,
  });
  assert.equal(stats.records, 7, 'every data line is counted');
  assert.equal(stats.kept + stats.skippedTotal + stats.nodata + stats.skipdata, stats.records);
  const expected = await runCli(['digest', '-q', '-'], {
    stdin: [HEADER, good[0], good[4]].join('\n'),
  });
  assert.equal(r.stdout, expected.stdout, 'the good lines give the same digest as alone');
  assert.match(r.stderr, /5 skipped/);
  const strict = await runCli(['digest', '-q', '--strict', join(dir, 'malformed.log')]);
  assert.equal(strict.code, 1);
  assert.match(strict.stderr, /--strict/);
});

test('truncated gzip: what was decodable is digested, the object is reported', async () => {
  const statsFile = join(dir, 'trunc.json');
  const r = await runCli([
    'digest',
    '-q',
    '--stats-file',
    statsFile,
    join(dir, 'truncated.log.gz'),
  ]);
  assert.equal(r.code, 0);
  const stats = JSON.parse(await readFile(statsFile, 'utf8'));
  assert.equal(stats.skipped.truncated_gzip, 1);
  assert.ok(stats.kept > 0 && stats.kept < good.length, `kept ${stats.kept}`);
  assert.match(stats.errors[0], /truncated\.log\.gz/);
});

test('empty and header-only files: empty digest, no skips', async () => {
  for (const f of ['empty.log', 'header-only.log']) {
    const statsFile = join(dir, `${f}.json`);
    const r = await runCli(['digest', '-q', '--stats-file', statsFile, join(dir, f)]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
    assert.deepEqual(JSON.parse(await readFile(statsFile, 'utf8')).skipped, {});
  }
});

test('--start/--stop keep records by start time, truncated to the minute', async () => {
  const r = await runCli([
    'digest',
    '--format',
    'json',
    '-q',
    '--start',
    '2025-11-22T08:28:20Z',
    '--stop',
    '2025-11-22T08:31:59Z',
    join(dir, 'all.log'),
  ]);
  assert.equal(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout);
  // 1_763_800_000 = 2025-11-22T08:26:40Z; window [08:28:00, 08:31:00)
  assert.ok(d.start >= 1_763_800_080 && d.start < 1_763_800_260, String(d.start));
  assert.ok(d.flows.length > 0);
});

test('--output writes atomically; formats csv and json parse', async () => {
  const out = join(dir, 'out.csv');
  const r = await runCli(['digest', '-q', '--format', 'csv', '-o', out, join(dir, 'all.log')]);
  assert.equal(r.code, 0);
  const csv = (await readFile(out, 'utf8')).trim().split('\n');
  assert.equal(
    csv[0],
    'version,account-id,interface-id,srcaddr,dstaddr,srcport,dstport,protocol,packets,bytes,start,end,action,log-status',
  );
  assert.ok(csv.length > 10);
});

test('usage errors and unreadable sources fail clearly', async () => {
  const cases: [string[], number, RegExp][] = [
    [['digest'], 2, /no SOURCE/],
    [['digest', '--bogus', 'x'], 2, /Unknown option/],
    [['digest', '--format', 'xml', 'x'], 2, /--format/],
    [['digest', '--start', 'yesterday', 'x'], 1, /RFC 3339/],
    [
      ['digest', '--start', '2026-01-01T00:00:30Z', '--stop', '2026-01-01T00:00:50Z', 'x'],
      1,
      /before --stop/,
    ],
    [['digest', '--log-format', '${version} ${version}', 'x'], 1, /twice/],
    [['digest', join(dir, 'does-not-exist')], 1, /cannot read/],
    [['digest', 'ftp://host/x'], 1, /unsupported source/],
    [['nope'], 2, /unknown command/],
  ];
  for (const [argv, code, re] of cases) {
    const r = await runCli(argv);
    assert.equal(r.code, code, argv.join(' ') + ' → ' + r.stderr);
    assert.match(r.stderr, re, argv.join(' '));
  }
});

test('--help documents the command', async () => {
  const r = await runCli(['digest', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--stats-file/);
  assert.match(r.stdout, /--log-format/);
});

test('--strict ignores window filtering but not bad lines', async () => {
  const window = ['--start', '2025-11-22T08:28:00Z', '--stop', '2025-11-22T08:30:00Z'];
  const ok = await runCli(['digest', '-q', '--strict', ...window, join(dir, 'all.log')]);
  assert.equal(ok.code, 0, ok.stderr);
  const bad = await runCli(['digest', '-q', '--strict', ...window, join(dir, 'malformed.log')]);
  assert.equal(bad.code, 1);
});
