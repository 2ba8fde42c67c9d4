/**
 * The service under load: requests/s and p99 latency of GET with 200 concurrent connections
 * (autocannon) against a real `flowlens serve` child process, and digest job throughput (jobs/s)
 * over generated flow logs with the embedded queue and workers.
 *
 *   node --import tsx bench/http-load.ts [--records 120000] [--jobs 24] [--workers 4]
 *                                        [--connections 200] [--seconds 10]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import autocannon from 'autocannon';
import { generateFlowLines, headerLine } from '../src/sample/generate-flow-logs.ts';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '120000' },
    jobs: { type: 'string', default: '24' },
    workers: { type: 'string', default: '4' },
    connections: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
  },
});
const RECORDS = Number(values.records);
const JOBS = Number(values.jobs);
const T0 = 1_763_798_400; // 2025-11-22T08:00:00Z, on the minute
const SPAN = 3600;
const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

async function writeLogs(dir: string): Promise<string> {
  const logs = join(dir, 'flow-logs');
  await mkdir(logs, { recursive: true });
  async function* lines() {
    yield headerLine() + '\n';
    let batch: string[] = [];
    for (const l of generateFlowLines(RECORDS, { start: T0, span: SPAN, seed: 7 })) {
      batch.push(l);
      if (batch.length === 5000) {
        yield batch.join('\n') + '\n';
        batch = [];
      }
    }
    yield batch.length ? batch.join('\n') + '\n' : '';
  }
  await pipeline(
    Readable.from(lines()),
    createGzip(),
    createWriteStream(join(logs, 'flows.log.gz')),
  );
  return logs;
}

async function startServe(
  dir: string,
  logs: string,
): Promise<{ url: string; child: ChildProcess }> {
  const args = ['bin/flowlens.mjs', 'serve', '--port', '0', '--data', dir, logs];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      FLOWLENS_WORKERS: values.workers,
      FLOWLENS_RATE_LIMIT: '0',
      FLOWLENS_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /serving on (\S+)/.exec(err);
      if (m) {
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return { url, child };
}

/** `n` distinct 30-minute digest windows, one minute apart. */
const windows = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const s = T0 + (i % 30) * 60;
    return `start=${iso(s)}&stop=${iso(s + 1800 + Math.floor(i / 30) * 60)}`;
  });

async function jobThroughput(url: string): Promise<void> {
  const queries = windows(JOBS);
  const started = performance.now();
  for (const q of queries) {
    const res = await fetch(`${url}/digest?${q}`, { method: 'POST' });
    if (res.status !== 202) {
      throw new Error(`POST ${q}: ${res.status}`);
    }
  }
  const waiting = new Set(queries);
  while (waiting.size > 0) {
    for (const q of [...waiting]) {
      const res = await fetch(`${url}/digest?${q}`);
      await res.arrayBuffer();
      if (res.status === 200) {
        waiting.delete(q);
      } else if (res.status !== 204) {
        throw new Error(`GET ${q}: ${res.status}`);
      }
    }
    await sleep(20);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `  digest jobs: ${JOBS} jobs (30-min windows over ${RECORDS.toLocaleString('en-US')} records, ` +
      `${values.workers} workers) in ${seconds.toFixed(2)} s = ${(JOBS / seconds).toFixed(2)} jobs/s`,
  );
}

async function load(url: string, path: string): Promise<void> {
  const r = await autocannon({
    url: url + path,
    connections: Number(values.connections),
    duration: Number(values.seconds),
  });
  const name = path.split('?')[0]!;
  console.log(
    `  GET ${name.padEnd(9)} ${values.connections} connections, ${r.duration} s: ` +
      `${Math.round(r.requests.average).toLocaleString('en-US')} req/s, ` +
      `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms, ` +
      `${(r.throughput.average / 1e6).toFixed(1)} MB/s ` +
      `(${r.requests.total.toLocaleString('en-US')} requests, non-2xx ${r.non2xx}, errors ${r.errors})`,
  );
}

const dir = await mkdtemp(join(tmpdir(), 'flowlens-bench-http-'));
let child: ChildProcess | undefined;
try {
  const logs = await writeLogs(dir);
  const served = await startServe(dir, logs);
  child = served.child;
  console.log(`flowlens serve at ${served.url} (node ${process.version})`);
  await jobThroughput(served.url);
  const done = windows(1)[0]!;
  await load(served.url, '/healthz');
  await load(served.url, `/digest?${done}`); // 200, the stored gzip digest
  await load(served.url, '/digest?start=2019-01-01T00:00:00Z&stop=2019-01-01T01:00:00Z'); // 404
} finally {
  child?.kill('SIGTERM');
  await sleep(300);
  await rm(dir, { recursive: true, force: true });
}
