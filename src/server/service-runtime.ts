import type { Logger } from 'pino';
import {
  queueLeaseMs,
  type KindConfig,
  type ResolvedServiceConfig,
  type StoreConfig,
} from '../config/service-config.ts';
import type { ExecuteDeps } from '../jobs/execute-job.ts';
import type { BackendFor, JobBackend } from '../jobs/job-backend.ts';
import { JOB_KIND_NAMES, type JobKindName } from '../jobs/job-kinds.ts';
import type { JobPublisher, JobQueue } from '../jobs/job-queue.ts';
import { createJobRecords } from '../jobs/job-records.ts';
import { createJobService, type JobService } from '../jobs/job-service.ts';
import { createMarkers } from '../jobs/markers.ts';
import { createDirQueue } from '../jobs/queues/dir-queue.ts';
import { createHttpQueuer } from '../jobs/queues/http-queuer.ts';
import { createNatsQueue } from '../jobs/queues/nats-queue.ts';
import type { ResultStore } from '../jobs/result-store.ts';
import { createRemoteResults } from '../jobs/remote/remote-results.ts';
import { createDirStore } from '../jobs/stores/dir-store.ts';
import { createS3Store } from '../jobs/stores/s3-store.ts';
import { openSources } from '../sources/index.ts';

/** Everything `serve` and `worker` share, built from the resolved config. */
export interface ServiceRuntime {
  readonly config: ResolvedServiceConfig;
  readonly jobs: JobService;
  readonly backendFor: BackendFor;
  readonly stores: readonly ResultStore[];
  readonly publisher: JobPublisher;
  /** Present when jobs can be pulled (embedded or NATS); absent with an external event bus. */
  readonly workQueue?: JobQueue;
  /** The queue lease (NATS `ack_wait`); workers heartbeat every third of it. */
  readonly leaseMs: number;
  readonly execute: ExecuteDeps;
  close(): Promise<void>;
}

function storeOf(c: StoreConfig, cache: Map<string, ResultStore>): ResultStore {
  const key = JSON.stringify(c);
  let store = cache.get(key);
  if (!store) {
    store = c.kind === 'dir' ? createDirStore(c.dir) : createS3Store(c);
    cache.set(key, store);
  }
  return store;
}

function backend(k: KindConfig, cache: Map<string, ResultStore>): JobBackend {
  const store = storeOf(k.storage, cache);
  return {
    store,
    markers: createMarkers(storeOf(k.progress, cache), k.progressTimeoutMs),
    records: createJobRecords(store),
  };
}

async function queueOf(config: ResolvedServiceConfig, leaseMs: number): Promise<JobPublisher> {
  const q = config.queue;
  if (q.kind === 'nats') {
    return createNatsQueue({ servers: q.servers, stream: q.stream, leaseMs });
  }
  if (q.kind === 'http') {
    const auth: Record<string, string> = config.token
      ? { authorization: `Bearer ${config.token}` }
      : {};
    return createHttpQueuer(q.endpoint, auth);
  }
  return createDirQueue({ dir: q.dir, leaseMs });
}

export async function createServiceRuntime(
  config: ResolvedServiceConfig,
  log: Logger,
): Promise<ServiceRuntime> {
  const cache = new Map<string, ResultStore>();
  const backends = Object.fromEntries(
    JOB_KIND_NAMES.map((k) => [k, backend(config.kinds[k], cache)]),
  ) as Record<JobKindName, JobBackend>;
  const backendFor: BackendFor = (k) => backends[k as JobKindName] ?? backends.digest;
  const leaseMs = queueLeaseMs(config);
  const remote = createRemoteResults({
    ...(config.digester ? { digester: config.digester } : {}),
    ...(config.grapher ? { grapher: config.grapher } : {}),
  });
  const publisher = await queueOf(config, leaseMs);
  log.info({ queue: publisher.kind, sources: config.sources }, 'job runtime ready');
  return {
    config,
    jobs: createJobService({ backendFor, queue: publisher }),
    backendFor,
    stores: [...cache.values()],
    publisher,
    ...('next' in publisher ? { workQueue: publisher as JobQueue } : {}),
    leaseMs,
    execute: {
      backendFor,
      run: {
        openSources: () => openSources(config.sources, config.sourceOptions),
        ...(remote ? { remote } : {}),
      },
    },
    close: () => publisher.close(),
  };
}
