/**
 * `npm run bench`: every benchmark in one invocation, each against a baseline measured in the
 * same run, so figures are comparable across machines as ratios. Data sets are deterministic
 * and cached in bench/.data. `--quick` skips the 10 M-record memory run and the other suites.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { benchFile } from './data.ts';
import { cliDigest, gunzipOnly, libraryDigest, naiveDigest, type Measured } from './digest.ts';

const quick = process.argv.includes('--quick');
const RECORDS = 2_000_000;
const BIG_RECORDS = 10_000_000;

async function bestOf(run: () => Promise<Measured>, n = 3): Promise<Measured> {
  let best: Measured | undefined;
  for (let i = 0; i < n; i++) {
    const m = await run();
    if (!best || m.seconds < best.seconds) {
      best = m;
    }
  }
  return { ...best!, name: `${best!.name}, best of ${n}` };
}

function row(m: Measured, base: Measured): string {
  const rate = m.records / m.seconds;
  const ratio = rate / (base.records / base.seconds);
  return `  ${m.name.padEnd(52)} ${m.seconds.toFixed(2).padStart(7)} s ${Math.round(rate).toLocaleString('en-US').padStart(11)} rec/s  ${ratio.toFixed(2)} x gunzip${m.rssMb ? `  (max RSS ${m.rssMb} MB)` : ''}${m.note ? `  [${m.note}]` : ''}`;
}

async function digestBench(): Promise<void> {
  const file = await benchFile(RECORDS, 2000, 200);
  console.log(`\n## digest: ${RECORDS.toLocaleString('en-US')} records, gzip (${file})`);
  // The baseline and the default paths are the fastest of three runs (a cold first run of the
  // baseline would flatter every ratio); the slow reference paths run once.
  const base = await bestOf(() => gunzipOnly(file));
  console.log(row(base, base));
  const rows = [
    await naiveDigest(file),
    await libraryDigest(file, 'js'),
    await libraryDigest(file, 'wasm'),
    await bestOf(() => libraryDigest(file)),
    await bestOf(async () => cliDigest(file)),
  ];
  for (const m of rows) {
    console.log(row(m, base));
  }
  oneCore(file, 3);
  if (!quick) {
    const big = await benchFile(BIG_RECORDS, 2000, 200);
    console.log(`\n## memory: ${BIG_RECORDS.toLocaleString('en-US')} records`);
    console.log(row(cliDigest(big), await gunzipOnly(big)));
    oneCore(big, 1);
  }
}

/**
 * The issue's target is stated for one core: gunzip alone, the library digest and the CLI, each
 * in a process pinned to CPU 0 with `taskset` (so zlib's and the native gunzip's helper threads
 * share that core too), `n` runs each, interleaved; medians.
 */
function oneCore(file: string, n: number): void {
  const pinned = (mode: string): Measured | undefined => {
    const r = spawnSync(
      'taskset',
      [
        '-c',
        '0',
        process.execPath,
        '--import',
        'tsx',
        join(import.meta.dirname, 'pinned.ts'),
        mode,
        file,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    if (r.status !== 0) {
      return undefined;
    }
    const m = JSON.parse(r.stdout) as { seconds: number; records: number };
    return { name: '', ...m };
  };
  const runs: Record<'gunzip' | 'library' | 'cli', Measured[]> = {
    gunzip: [],
    library: [],
    cli: [],
  };
  for (let i = 0; i < n; i++) {
    for (const mode of ['gunzip', 'library', 'cli'] as const) {
      const m = mode === 'cli' ? cliDigest(file, true) : pinned(mode);
      if (!m) {
        console.log('\n## one core: skipped (needs taskset, from util-linux)');
        return;
      }
      runs[mode].push(m);
    }
  }
  const median = (ms: Measured[], name: string): Measured => ({
    ...[...ms].sort((a, b) => a.seconds - b.seconds)[ms.length >> 1]!,
    name,
  });
  const what = n > 1 ? `medians of ${n} runs` : 'one run each';
  console.log(`\n## one core: ${file.split('/').pop()} (taskset -c 0; ${what})`);
  const base = median(runs.gunzip, 'gunzip only (node, 1 MiB buffers)');
  console.log(row(base, base));
  console.log(row(median(runs.library, 'flowlens digest (library, in process)'), base));
  console.log(row(median(runs.cli, 'flowlens digest (CLI, whole process)'), base));
}

/** The other suites, each its own script (run in a child so one failure does not stop the rest). */
const SUITES = [
  'geo-lookups.ts',
  'graph-diff.ts',
  'parquet.ts',
  'http-load.ts',
  'live-ingest.ts',
  'dashboard.ts',
];

function otherSuites(): void {
  for (const s of SUITES) {
    const path = join(import.meta.dirname, s);
    if (!existsSync(path)) {
      continue;
    }
    console.log(`\n## ${s}`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', path], { stdio: 'inherit' });
    if (r.status !== 0) {
      console.log(`  (${s} exited ${r.status})`);
    }
  }
}

console.log(`flowlens bench — node ${process.version}, ${new Date().toISOString()}`);
await digestBench();
if (!quick) {
  otherSuites();
}
