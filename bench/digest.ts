import { spawnSync } from 'node:child_process';
import { createReadStream, readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { createKernel, digestSources, type KernelChoice } from '../src/aggregate/digest-sources.ts';
import { nativeGunzipAvailable } from '../src/native/gunzip.ts';
import { openSources } from '../src/sources/index.ts';

const BIG = 1 << 20;

export interface Measured {
  readonly name: string;
  readonly seconds: number;
  readonly records: number;
  readonly rssMb?: number;
  /** Printed at the end of the row. */
  readonly note?: string;
}

/** Baseline: gunzip alone in Node with large buffers, counting newlines (the real limit). */
export async function gunzipOnly(file: string): Promise<Measured> {
  const t = performance.now();
  let lines = 0;
  for await (const c of createReadStream(file, { highWaterMark: BIG }).pipe(
    createGunzip({ chunkSize: BIG }),
  )) {
    const b = c as Buffer;
    for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) {
      lines++;
    }
  }
  return {
    name: 'gunzip only (node, 1 MiB buffers)',
    seconds: (performance.now() - t) / 1000,
    records: lines - 1,
  };
}

/** What a straightforward implementation does: readline + split(' ') + a Map of joined keys. */
export async function naiveDigest(file: string): Promise<Measured> {
  const t = performance.now();
  const groups = new Map<string, [number, number]>();
  let records = 0;
  const rl = createInterface({
    input: createReadStream(file).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  for await (const line of rl) {
    const f = line.split(' ');
    if (f[0] !== '2' || f[13] !== 'OK') {
      continue;
    }
    records++;
    const sp = Number(f[5]);
    const dp = Number(f[6]);
    f[sp < dp ? 6 : 5] = '0';
    const key = [f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[12], f[13]].join(' ');
    const g = groups.get(key) ?? [0, 0];
    g[0] += Number(f[8]);
    g[1] += Number(f[9]);
    groups.set(key, g);
  }
  return {
    name: 'naive readline + split digest',
    seconds: (performance.now() - t) / 1000,
    records,
  };
}

/** Which kernel and which gunzip the default path uses here. */
function engines(): string {
  const kernel = createKernel('auto')?.kind ?? 'js';
  return `${kernel} kernel, ${nativeGunzipAvailable() ? 'ISA-L' : 'zlib'} gunzip`;
}

const LIBRARY_ROWS: Record<KernelChoice, string> = {
  auto: 'flowlens digest (library, in process)',
  native: 'flowlens digest (library, native kernel)',
  wasm: 'flowlens digest (library, WebAssembly)',
  js: 'flowlens digest (library, JS path only)',
};

/** The library call, in process (`kernel: 'js'` skips the WebAssembly kernel). */
export async function libraryDigest(
  file: string,
  kernel: KernelChoice = 'auto',
): Promise<Measured> {
  const t = performance.now();
  const { stats } = await digestSources(openSources([file]), { kernel });
  return {
    name: LIBRARY_ROWS[kernel],
    ...(kernel === 'auto' ? { note: engines() } : {}),
    seconds: (performance.now() - t) / 1000,
    records: stats.records,
  };
}

/**
 * The CLI as a user runs it (process start included); RSS from its own stats. `pinned`: in a
 * process pinned to CPU 0 with `taskset` (undefined when taskset is missing).
 */
export function cliDigest(file: string, pinned?: false): Measured;
export function cliDigest(file: string, pinned: true): Measured | undefined;
export function cliDigest(file: string, pinned = false): Measured | undefined {
  const statsFile = join(tmpdir(), `flowlens-bench-${process.pid}.json`);
  const bin = join(import.meta.dirname, '..', 'bin', 'flowlens.mjs');
  const args = [bin, 'digest', '-q', '-o', '/dev/null', '--stats-file', statsFile, file];
  const [cmd, argv] = pinned
    ? ['taskset', ['-c', '0', process.execPath, ...args]]
    : [process.execPath, args];
  const t = performance.now();
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (pinned && r.error) {
    return undefined;
  }
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) {
    throw new Error(`flowlens digest exited ${r.status}`);
  }
  const s = JSON.parse(readFileSync(statsFile, 'utf8')) as { records: number; maxRssMb: number };
  rmSync(statsFile, { force: true });
  return {
    name: 'flowlens digest (CLI, whole process)',
    seconds,
    records: s.records,
    rssMb: s.maxRssMb,
    // The child inherits this environment and loads the same addon.
    note: engines(),
  };
}
