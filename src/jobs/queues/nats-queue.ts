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

const MAX_DUPLICATE_WINDOW_MS = 120_000;

/**
 * NATS JetStream: a work-queue stream (each message goes to one consumer and is removed on ack),
 * explicit acks, `ack_wait` = lease, and `Nats-Msg-Id` = job id so identical jobs published
 * within the duplicate window are stored once. The stream is file-backed, so it survives a
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
    duplicate_window: nanos(Math.min(Math.max(leaseMs, 1000), MAX_DUPLICATE_WINDOW_MS)),
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
  try {
    await js.publish(`${stream}.jobs.${job.kind}`, Buffer.from(JSON.stringify(job)), {
      msgID: job.id,
    });
  } catch (e) {
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
