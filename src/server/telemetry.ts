import StatsD from 'hot-shots';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ResolvedServiceConfig } from '../config/service-config.ts';
import type { JobObserver } from '../jobs/worker-pool.ts';

/** Prometheus metrics for `/metrics`, mirrored to statsd (Datadog tags) when configured. */
export interface Telemetry {
  readonly registry: Registry;
  http(method: string, route: string, status: number, seconds: number): void;
  readonly job: JobObserver;
  close(): Promise<void>;
}

export function createTelemetry(statsd?: ResolvedServiceConfig['statsd']): Telemetry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'flowlens_' });
  const requests = new Counter({
    name: 'flowlens_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'flowlens_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  const jobs = new Counter({
    name: 'flowlens_jobs_total',
    help: 'Job attempts by kind and outcome',
    labelNames: ['kind', 'outcome'],
    registers: [registry],
  });
  const jobSeconds = new Histogram({
    name: 'flowlens_job_duration_seconds',
    help: 'Job attempt duration',
    labelNames: ['kind'],
    buckets: [0.01, 0.1, 0.5, 1, 5, 30, 120, 600],
    registers: [registry],
  });
  const sd = statsd
    ? new StatsD({
        host: statsd.host,
        port: statsd.port,
        prefix: 'flowlens.',
        globalTags: [...statsd.tags],
      })
    : undefined;
  return {
    registry,
    http(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
      sd?.increment('http.requests', 1, [`method:${method}`, `route:${route}`, `status:${status}`]);
      sd?.timing('http.latency', seconds * 1000, [`method:${method}`, `route:${route}`]);
    },
    job(kind, outcome, seconds) {
      jobs.inc({ kind, outcome });
      jobSeconds.observe({ kind }, seconds);
      sd?.increment('jobs', 1, [`kind:${kind}`, `outcome:${outcome}`]);
      sd?.timing('job.duration', seconds * 1000, [`kind:${kind}`]);
    },
    close: () => new Promise<void>((r) => (sd ? sd.close(() => r()) : r())),
  };
}
