/**
 * Live ingest: sustained CloudWatch-subscription ingest rate through a real `flowlens serve`
 * (child process: parse → enrich both ends → hub → /live WebSocket + MQTT publish to the
 * embedded broker, or --mqtt-url), and p99 latency from POST sent to event received by a
 * WebSocket subscriber. Target: >= 20k records/s with p99 < 500 ms.
 *
 *   node --import tsx bench/live-ingest.ts [--seconds 10] [--batch 500] [--concurrency 4]
 *                                          [--mqtt-url mqtt://127.0.0.1:1883]
 *                                          [--cpu-prof DIR]   (profile the server into DIR)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { WebSocket } from 'ws';
import type { LiveEvent } from '../src/protocol/live-events.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    batch: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '4' },
    'mqtt-url': { type: 'string', default: 'embedded' },
    'cpu-prof': { type: 'string' },
  },
});
const SECONDS = Number(values.seconds);
const BATCH = Number(values.batch);
const CONCURRENCY = Number(values.concurrency);
const PAYLOADS = 64;

/** Deterministic public and private addresses (xorshift32), so runs compare. */
function addressPool(n: number): string[] {
  let x = 0x9e3779b9;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const v = x >>> 0;
    out.push(
      i % 4 === 0
        ? `10.0.${(v >>> 8) & 255}.${v & 255}`
        : `${(v >>> 24) % 223 || 1}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`,
    );
  }
  return out;
}

/** Pre-built Lambda events; batch k is tagged through its interface id `eni-<k>`. */
function payloads(): ((k: number) => string)[] {
  const pool = addressPool(5000);
  return Array.from({ length: PAYLOADS }, (_, p) => {
    const lines = Array.from({ length: BATCH }, (_, i) => {
      const a = pool[(p * BATCH + i) % pool.length]!;
      const b = pool[(p * BATCH + i * 7 + 1) % pool.length]!;
      return `2 123456789012 eni-TAG ${a} ${b} 443 ${1024 + i} 6 10 840 1700000000 1700000060 ${i % 5 ? 'ACCEPT' : 'REJECT'} OK`;
    });
    return (k: number) => {
      const events = lines.map((m, i) => ({
        id: String(i),
        timestamp: 0,
        message: m.replace('TAG', String(k)),
      }));
      const json = JSON.stringify({
        messageType: 'DATA_MESSAGE',
        owner: '1',
        logGroup: 'g',
        logStream: 's',
        subscriptionFilters: [],
        logEvents: events,
      });
      return JSON.stringify({ awslogs: { data: gzipSync(json).toString('base64') } });
    };
  });
}

interface Server {
  readonly url: string;
  /** CPU seconds (user + system) the server process has used so far, from /proc. */
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

/** utime + stime of a process (Linux /proc, in clock ticks of 1/100 s); NaN elsewhere. */
async function cpuSecondsOf(pid: number | undefined): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

async function startServer(dir: string): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      ...(values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : []),
      'bin/flowlens.mjs',
      'serve',
      '--port',
      '0',
      '--workers',
      '0',
      '--data',
      dir,
      '--mqtt-url',
      values['mqtt-url']!,
    ],
    {
      env: {
        ...process.env,
        FLOWLENS_LOG_LEVEL: 'warn',
        FLOWLENS_RATE_LIMIT: '0',
        FLOWLENS_LIVE_QUEUE: '65536',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /serving on (\S+)/.exec(err);
      if (m) {
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
  return {
    url,
    cpuSeconds: () => cpuSecondsOf(child.pid),
    stop: () =>
      new Promise<void>((r) => {
        child.once('exit', () => r());
        child.kill('SIGTERM');
      }),
  };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

const dir = await mkdtemp(join(tmpdir(), 'flowlens-bench-live-'));
const server = await startServer(dir);
const build = payloads();
// Body building (gzip, base64) happens before the clock starts.
const bodies = Array.from({ length: 4096 }, (_, k) => build[k % PAYLOADS]!(k));
const sentAt = new Float64Array(1 << 20);
const latencies: number[] = [];
let received = 0;
let drops = 0;
const ws = new WebSocket(server.url.replace(/^http/, 'ws') + '/live');
ws.on('message', (d) => {
  const ev = JSON.parse(String(d)) as LiveEvent;
  if (ev.type === 'flow') {
    received++;
    latencies.push(performance.now() - sentAt[Number(ev.interfaceId!.slice(4))]!);
  } else if (ev.type === 'drop') {
    drops += ev.dropped;
  }
});
await new Promise((r) => ws.once('open', r));

let next = 0;
let posted = 0;
const cpu0 = await server.cpuSeconds();
const clientCpu0 = process.cpuUsage();
const t0 = performance.now();
const deadline = t0 + SECONDS * 1000;
async function poster(): Promise<void> {
  while (performance.now() < deadline && next < bodies.length) {
    const k = next++;
    sentAt[k] = performance.now();
    const res = await fetch(`${server.url}/ingest/cloudwatch`, {
      method: 'POST',
      body: bodies[k]!,
    });
    if (res.status !== 200) {
      throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    }
    await res.arrayBuffer();
    posted += BATCH;
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, poster));
const ingestSeconds = (performance.now() - t0) / 1000;
const settle = performance.now() + 5000;
while (received + drops < posted && performance.now() < settle) {
  await new Promise((r) => setTimeout(r, 20));
}
const serverCpu = (await server.cpuSeconds()) - cpu0;
const clientUsage = process.cpuUsage(clientCpu0);
const clientCpu = (clientUsage.user + clientUsage.system) / 1e6;
const stats = (await (await fetch(`${server.url}/ingest/stats`)).json()) as Record<string, unknown>;
ws.close();
await server.stop();
await rm(dir, { recursive: true, force: true });

const sorted = Float64Array.from(latencies).sort();
const rate = posted / ingestSeconds;
console.log(
  `  records posted          ${posted.toLocaleString('en-US')} in ${ingestSeconds.toFixed(2)} s (batches of ${BATCH}, ${CONCURRENCY} concurrent POSTs, MQTT: ${values['mqtt-url']})`,
);
console.log(
  `  sustained ingest rate   ${Math.round(rate).toLocaleString('en-US')} records/s  (target >= 20,000)`,
);
console.log(
  `  delivered to /live      ${received.toLocaleString('en-US')} events, ${drops} dropped`,
);
console.log(
  `  POST-to-subscriber      p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p99 ${percentile(sorted, 0.99).toFixed(1)} ms, max ${percentile(sorted, 1).toFixed(1)} ms  (target p99 < 500 ms)`,
);
console.log(
  `  server CPU              ${((serverCpu * 1e6) / Math.max(1, posted)).toFixed(1)} µs/record (${serverCpu.toFixed(1)} s user+system while ingesting and delivering)`,
);
console.log(
  `  load generator CPU      ${((clientCpu * 1e6) / Math.max(1, posted)).toFixed(1)} µs/record (same machine: POSTs and the /live subscriber)`,
);
console.log(`  mqtt                    ${JSON.stringify(stats.mqtt ?? {})}`);
