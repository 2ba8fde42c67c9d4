import {
  AckPolicy,
  DeliverPolicy,
  RetentionPolicy,
  StorageType,
  connect,
  nanos,
  type ConnectionOptions,
  type Consumer,
  type JetStreamClient,
  type JsMsg,
  type NatsConnection,
} from 'nats';
import { FlowError } from '../../model/errors.ts';
import type { JobLease, JobQueue, QueuedJob } from '../job-queue.ts';

export interface NatsQueueOptions {
  /** `nats://127.0.0.1:4222` or a comma list. */
  readonly servers: string;
  /** JetStream stream name; subjects are `<stream>.jobs.<kind>`. @default 'FLOWLENS_JOBS' */
  readonly stream?: string;
  /** Durable consumer shared by every worker. @default 'workers' */
  readonly consumer?: string;
  /** `ack_wait`: tied to the in-progress timeout so a dead worker's job is redelivered. */
  readonly leaseMs: number;
  /** How long `next` waits per pull before checking for abort. @default 1000 */
  readonly pullMs?: number;
  readonly name?: string;
}

/** JetStream's error code for a failed `Nats-Expected-Last-Subject-Sequence` check. */
const WRONG_LAST_SEQUENCE = 10071;

/** A job id is one subject token: no dots, wildcards or spaces. */
const SUBJECT_TOKEN = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * NATS JetStream: a work-queue stream (each message goes to one consumer and is removed on ack),
 * explicit acks and `ack_wait` = lease. Each job has its own subject, `<stream>.jobs.<kind>.<id>`,
 * and is published only if that subject holds no message (`Nats-Expected-Last-Subject-Sequence:
 * 0`): an identical job waiting or leased is not queued twice, and a job that was acked (done or
 * failed for good) can be queued again at once. (A `Nats-Msg-Id` would have dropped that new
 * job silently for the whole duplicate window.) The stream is file-backed, so it survives a
 * broker restart; the client reconnects forever.
 */
export async function createNatsQueue(options: NatsQueueOptions): Promise<JobQueue> {
  const stream = options.stream ?? 'FLOWLENS_JOBS';
  const durable = options.consumer ?? 'workers';
  const nc = await connect(connectionOptions(options));
  await ensureStream(nc, stream, durable, options.leaseMs);
  const js = nc.jetstream();
  const consumer = await js.consumers.get(stream, durable);
  return {
    kind: 'nats',
    enqueue: (job) => publish(js, stream, job),
    next: (signal) => pull(consumer, options, signal),
    close: async () => {
      await nc.drain().catch(() => nc.close());
    },
    check: async () => {
      if (nc.isClosed()) {
        throw new FlowError('FLOW_QUEUE', 'NATS connection closed');
      }
      await nc.flush();
    },
  };
}

function connectionOptions(o: NatsQueueOptions): ConnectionOptions {
  return {
    servers: o.servers.split(',').map((s) => s.trim()),
    name: o.name ?? 'flowlens',
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
  };
}

async function ensureStream(nc: NatsConnection, stream: string, durable: string, leaseMs: number) {
  const jsm = await nc.jetstreamManager();
  const config = {
    name: stream,
    subjects: [`${stream}.jobs.>`],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
  };
  await jsm.streams.info(stream).then(
    () => jsm.streams.update(stream, config),
    () => jsm.streams.add(config),
  );
  await jsm.consumers.add(stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(leaseMs),
    max_deliver: -1,
  });
}

async function publish(js: JetStreamClient, stream: string, job: QueuedJob): Promise<void> {
  if (!SUBJECT_TOKEN.test(job.id) || !SUBJECT_TOKEN.test(job.kind)) {
    throw new FlowError('FLOW_QUEUE', `invalid job id '${job.id}' or kind '${job.kind}'`);
  }
  try {
    await js.publish(`${stream}.jobs.${job.kind}.${job.id}`, Buffer.from(JSON.stringify(job)), {
      expect: { lastSubjectSequence: 0 },
    });
  } catch (e) {
    if ((e as { api_error?: { err_code?: number } }).api_error?.err_code === WRONG_LAST_SEQUENCE) {
      return; // already waiting or leased
    }
    throw new FlowError('FLOW_QUEUE', `cannot publish job ${job.id}: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

async function pull(
  consumer: Consumer,
  o: NatsQueueOptions,
  signal?: AbortSignal,
): Promise<JobLease | undefined> {
  while (!signal?.aborted) {
    let msg: JsMsg | null = null;
    try {
      msg = await consumer.next({ expires: o.pullMs ?? 1000 });
    } catch {
      // disconnected or the broker is restarting: try again after a pause
      await new Promise((r) => setTimeout(r, 250));
    }
    if (msg) {
      return leaseOf(msg);
    }
  }
  return undefined;
}

function leaseOf(msg: JsMsg): JobLease {
  return {
    job: JSON.parse(Buffer.from(msg.data).toString('utf8')) as QueuedJob,
    attempt: msg.info.redeliveryCount,
    ack: async () => {
      await msg.ackAck();
    },
    retry: async (delayMs = 0) => msg.nak(delayMs),
    heartbeat: async () => msg.working(),
  };
}
