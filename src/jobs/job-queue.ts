/** A job as it travels through a queue: upstream's worker body plus the kind. */
export interface QueuedJob {
  readonly kind: string;
  readonly id: string;
  /** The upstream worker body, e.g. `{"id":…,"start":…,"stop":…}`. */
  readonly payload: Readonly<Record<string, string>>;
}

/** A job handed to one worker until it acks, retries or the lease times out. */
export interface JobLease {
  readonly job: QueuedJob;
  /** 1 on first delivery, 2 after one redelivery, … */
  readonly attempt: number;
  /** The job is finished (done or failed for good): never deliver it again. */
  ack(): Promise<void>;
  /** Give it back for another attempt after `delayMs`. */
  retry(delayMs?: number): Promise<void>;
  /** Still working: push the lease deadline out by another lease period. */
  heartbeat(): Promise<void>;
}

/** Something jobs can be sent to (a queue, or an external event bus over HTTP). */
export interface JobPublisher {
  readonly kind: string;
  /** Queues `job`; a job with the same ID already waiting or leased is not queued twice. */
  enqueue(job: QueuedJob): Promise<void>;
  close(): Promise<void>;
  /** Throws when the queue is unusable (for `/readyz`). */
  check(): Promise<void>;
}

/**
 * A durable work queue with leases: a job not acked within the lease period (the in-progress
 * timeout) is delivered again, so a job whose worker died is retried. Implementations:
 * `queues/dir-queue.ts` (embedded) and `queues/nats-queue.ts` (JetStream).
 */
export interface JobQueue extends JobPublisher {
  /** Waits for the next job; `undefined` once `signal` aborts or the queue closes. */
  next(signal?: AbortSignal): Promise<JobLease | undefined>;
}
