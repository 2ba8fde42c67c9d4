import type { Hono } from 'hono';
import type { Logger } from 'pino';
import type { ExecuteDeps } from '../jobs/execute-job.ts';
import type { JobService } from '../jobs/job-service.ts';
import type { ResultStore } from '../jobs/result-store.ts';
import type { JobPublisher } from '../jobs/job-queue.ts';
import type { Telemetry } from './telemetry.ts';

/** Per-request values set by the middleware. */
export interface AppEnv {
  Variables: { requestId: string; log: Logger; jobs: JobService };
}

export type App = Hono<AppEnv>;

/** HTTP policy knobs (from the resolved config). */
export interface HttpPolicy {
  readonly token?: string;
  readonly corsOrigins: readonly string[];
  readonly maxBodyBytes: number;
  readonly rateLimitPerMinute: number;
}

/** Everything the routes need; tests build these from real stores and queues. */
export interface AppDeps {
  readonly jobs: JobService;
  readonly execute: ExecuteDeps;
  readonly stores: readonly ResultStore[];
  readonly publisher: JobPublisher;
  readonly log: Logger;
  readonly telemetry: Telemetry;
  readonly policy: HttpPolicy;
  /** Known-IP alias file for the dashboard's `alias` grouping (`--aliases`). */
  readonly aliasesFile?: string;
  /** False while draining: `/readyz` then answers 503. */
  readonly isAccepting?: () => boolean;
}

/**
 * A route module: mounts its routes on the app. Later modules (live ingest, WebSocket stream,
 * dashboard) are one entry in the list passed to `createApp`.
 */
export interface RouteModule {
  readonly name: string;
  mount(app: App, deps: AppDeps): void;
}
