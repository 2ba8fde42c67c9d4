import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadServiceConfig, type FlagValues } from '../config/load-service-config.ts';
import { createWorkerPool, type WorkerPool } from '../jobs/worker-pool.ts';
import { executeJob } from '../jobs/execute-job.ts';
import type { App } from './app-deps.ts';
import { createApp } from './app.ts';
import { createServiceRuntime, type ServiceRuntime } from './service-runtime.ts';
import { createTelemetry } from './telemetry.ts';

/** 2019-01-01T00:00:00Z, the start of the sample window. */
export const SAMPLE_T0 = 1546300800;

/** v2 flow-log lines in the first hour of 2019 (and a few on 2 Jan for diffs). */
export function sampleFlowLog(): string {
  const header =
    'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
  const lines = [header];
  for (let i = 0; i < 50; i++) {
    const t = SAMPLE_T0 + i * 60;
    lines.push(
      `2 123456789010 eni-abc123de 172.31.16.${i % 5} 172.31.16.21 ${20000 + i} 80 6 20 1000 ${t} ${t + 60} ACCEPT OK`,
    );
    lines.push(
      `2 123456789010 eni-abc123de 172.31.16.21 10.0.0.${i % 3} 443 ${30000 + i} 6 5 500 ${t} ${t + 60} REJECT OK`,
    );
    const d = t + 86400;
    lines.push(
      `2 123456789010 eni-abc123de 172.31.16.${i % 7} 172.31.16.22 ${20000 + i} 22 6 20 1000 ${d} ${d + 60} ACCEPT OK`,
    );
  }
  return lines.join('\n') + '\n';
}

export interface HarnessOptions {
  readonly env?: Record<string, string>;
  readonly flags?: FlagValues;
  /** Worker loops pulling from the queue (0 = none; call `pool.start()` yourself). */
  readonly workers?: number;
  readonly sources?: readonly string[];
}

export interface Harness {
  readonly app: App;
  readonly runtime: ServiceRuntime;
  readonly pool?: WorkerPool;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** A real service (dir store + dir queue unless `env` says otherwise) over sample flow logs. */
export async function createHarness(o: HarnessOptions = {}): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'flowlens-service-'));
  const logs = join(dataDir, 'flow-logs');
  await mkdir(logs, { recursive: true });
  await writeFile(join(logs, 'sample.log'), sampleFlowLog());
  const config = loadServiceConfig(
    { data: dataDir, ...o.flags },
    o.sources ?? [logs],
    o.env ?? {},
    dataDir,
  );
  const log = pino({ level: 'silent' });
  const runtime = await createServiceRuntime(config, log);
  const telemetry = createTelemetry(config.statsd);
  const aliases = config.aliasesFile ? { aliasesFile: config.aliasesFile } : {};
  const app = createApp({ ...runtime, log, telemetry, policy: config, ...aliases });
  const pool =
    o.workers && runtime.workQueue
      ? createWorkerPool({
          queue: runtime.workQueue,
          execute: (job) => executeJob(job, runtime.execute),
          backendFor: runtime.backendFor,
          concurrency: o.workers,
          leaseMs: runtime.leaseMs,
          maxAttempts: config.maxAttempts,
          log,
          observe: telemetry.job,
        })
      : undefined;
  pool?.start();
  return {
    app,
    runtime,
    ...(pool ? { pool } : {}),
    dataDir,
    async close() {
      await pool?.drain();
      await runtime.close();
      await telemetry.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
