import { serve as listen } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import pino, { type Logger } from 'pino';
import type { ResolvedServiceConfig } from '../config/service-config.ts';
import { executeJob } from '../jobs/execute-job.ts';
import { createWorkerPool, type WorkerPool } from '../jobs/worker-pool.ts';
import type { RouteModule } from './app-deps.ts';
import { createApp } from './app.ts';
import { createServiceRuntime, type ServiceRuntime } from './service-runtime.ts';
import { createTelemetry, type Telemetry } from './telemetry.ts';

export interface Running {
  readonly url?: string;
  /** Resolves once a signal (or `stop()`) has drained everything. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

function startWorkers(rt: ServiceRuntime, log: Logger, t: Telemetry): WorkerPool | undefined {
  const c = rt.config;
  if (!rt.workQueue || c.workers === 0) {
    return undefined;
  }
  const pool = createWorkerPool({
    queue: rt.workQueue,
    execute: (job, signal) =>
      executeJob(job, { ...rt.execute, run: { ...rt.execute.run, signal } }),
    backendFor: rt.backendFor,
    concurrency: c.workers,
    leaseMs: rt.leaseMs,
    maxAttempts: c.maxAttempts,
    log,
    observe: t.job,
  });
  pool.start();
  return pool;
}

/**
 * Runs the service: the HTTP app (unless `apiEnabled` is false) and the worker loops. SIGTERM and
 * SIGINT stop accepting, drain in-flight jobs (bounded by `drainTimeoutMs`), then resolve `done`.
 */
export async function runService(
  config: ResolvedServiceConfig,
  opts: { apiEnabled: boolean; extra?: readonly RouteModule[]; log?: Logger },
): Promise<Running> {
  const log = opts.log ?? pino({ level: config.logLevel });
  const telemetry = createTelemetry(config.statsd);
  const rt = await createServiceRuntime(config, log);
  let accepting = true;
  const deps = {
    ...rt,
    log,
    telemetry,
    policy: config,
    ...(config.aliasesFile ? { aliasesFile: config.aliasesFile } : {}),
    isAccepting: () => accepting,
  };
  let server: Server | undefined;
  let url: string | undefined;
  if (opts.apiEnabled) {
    const app = createApp(deps, opts.extra);
    server = await new Promise<Server>((resolve) => {
      const websocket = { server: new WebSocketServer({ noServer: true }) };
      const s = listen(
        { fetch: app.fetch, hostname: config.host, port: config.port, websocket },
        () => resolve(s as Server),
      );
    });
    const a = server.address() as AddressInfo;
    url = `http://${a.address.includes(':') ? `[${a.address}]` : a.address}:${a.port}`;
    log.info({ url }, 'listening');
  }
  const pool = startWorkers(rt, log, telemetry);
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      accepting = false;
      log.info({ inFlight: pool?.active ?? 0 }, 'draining');
      const closed = server
        ? new Promise<void>((r) => server!.close(() => r()))
        : Promise.resolve();
      server?.closeIdleConnections();
      const drained = pool?.drain() ?? Promise.resolve();
      await Promise.race([
        Promise.all([closed, drained]),
        new Promise((r) => setTimeout(r, config.drainTimeoutMs).unref()),
      ]);
      await rt.close();
      await telemetry.close();
      log.info('stopped');
      resolveDone();
    })());
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.once(sig, () => void stop());
  }
  return { ...(url ? { url } : {}), done, stop };
}
