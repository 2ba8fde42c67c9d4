import type { Logger } from 'pino';
import type { ExecuteOutcome } from './execute-job.ts';
import type { JobLease, JobQueue, QueuedJob } from './job-queue.ts';
import type { BackendFor } from './job-backend.ts';

export type JobOutcome = ExecuteOutcome | 'retry' | 'failed';

/** Told about every finished attempt (metrics). */
export type JobObserver = (kind: string, outcome: JobOutcome, seconds: number) => void;

export interface WorkerPoolOptions {
  readonly queue: JobQueue;
  readonly execute: (job: QueuedJob, signal: AbortSignal) => Promise<ExecuteOutcome>;
  readonly backendFor: BackendFor;
  readonly concurrency: number;
  /** The lease / in-progress timeout; heartbeats go out every third of it. */
  readonly leaseMs: number;
  /** Attempts before a job is marked failed for good. @default 3 */
  readonly maxAttempts?: number;
  readonly log: Logger;
  readonly observe?: JobObserver;
}

export interface WorkerPool {
  start(): void;
  /** Stops taking jobs and waits for the ones in flight to finish. */
  drain(): Promise<void>;
  readonly active: number;
}

/** Runs `concurrency` loops that lease jobs, keep their lease and marker alive, and settle them. */
export function createWorkerPool(o: WorkerPoolOptions): WorkerPool {
  const stop = new AbortController();
  const loops: Promise<void>[] = [];
  let active = 0;
  const loop = async () => {
    while (!stop.signal.aborted) {
      const lease = await o.queue.next(stop.signal).catch((e: unknown) => {
        o.log.error({ err: e }, 'queue read failed');
        return undefined;
      });
      if (!lease) {
        continue;
      }
      if (stop.signal.aborted) {
        await lease.retry(0).catch(() => undefined);
        break;
      }
      active++;
      await settle(lease, o).finally(() => active--);
    }
  };
  return {
    start() {
      for (let i = 0; i < o.concurrency; i++) {
        loops.push(loop());
      }
    },
    async drain() {
      stop.abort();
      await Promise.all(loops);
    },
    get active() {
      return active;
    },
  };
}

/**
 * Marks the job at once (a redelivered job shows as in progress again) and then, every third of
 * the lease, renews the lease and the marker. The returned stop waits for a renewal in flight,
 * so a marker write can never land after the job's unmark.
 */
function keepAlive(lease: JobLease, o: WorkerPoolOptions): () => Promise<void> {
  const markers = o.backendFor(lease.job.kind).markers;
  let inFlight: Promise<void> = markers.mark(lease.job.id).catch(() => undefined);
  const timer = setInterval(
    () => {
      inFlight = Promise.all([
        inFlight,
        lease.heartbeat().catch(() => undefined),
        markers.mark(lease.job.id).catch(() => undefined),
      ]).then(() => undefined);
    },
    Math.max(50, Math.floor(o.leaseMs / 3)),
  );
  return async () => {
    clearInterval(timer);
    await inFlight;
  };
}

async function settle(lease: JobLease, o: WorkerPoolOptions): Promise<void> {
  const { job } = lease;
  const started = Date.now();
  const stopBeat = keepAlive(lease, o);
  const log = o.log.child({ job: job.id, kind: job.kind, attempt: lease.attempt });
  let outcome: JobOutcome;
  try {
    outcome = await o.execute(job, new AbortController().signal);
    await stopBeat();
    // The job unmarked itself; a renewal racing it may have marked again.
    await o.backendFor(job.kind).markers.unmark(job.id);
    await lease.ack();
    log.info({ outcome }, 'job finished');
  } catch (e) {
    await stopBeat();
    outcome = await fail(lease, o, e);
    log.warn({ err: e, outcome }, 'job attempt failed');
  }
  o.observe?.(job.kind, outcome, (Date.now() - started) / 1000);
}

async function fail(lease: JobLease, o: WorkerPoolOptions, e: unknown): Promise<JobOutcome> {
  const { job } = lease;
  const permanent = (e as { code?: string }).code === 'FLOW_JOB_INVALID';
  if (!permanent && lease.attempt < (o.maxAttempts ?? 3)) {
    await lease.retry(Math.min(30_000, 500 * 2 ** lease.attempt)).catch(() => undefined);
    return 'retry';
  }
  const { records, markers } = o.backendFor(job.kind);
  await records
    .update(job.id, {
      kind: job.kind,
      payload: job.payload,
      state: 'failed',
      error: String((e as Error).message),
    })
    .catch(() => undefined);
  await markers.unmark(job.id).catch(() => undefined);
  await lease.ack().catch(() => undefined);
  return 'failed';
}
