import { join, resolve } from 'node:path';
import { FlowError } from '../model/errors.ts';
import type { SourceOptions } from '../sources/source.ts';
import {
  SERVICE_DEFAULTS as D,
  type KindConfig,
  type QueueConfig,
  type ResolvedServiceConfig,
  type StoreConfig,
  type UpstreamConfig,
} from './service-config.ts';

type Env = Readonly<Record<string, string | undefined>>;
export type FlagValues = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** Upstream's per-service variable prefixes. */
const KIND_PREFIX = { digest: 'DIGEST', graph: 'GRAPH', diff: 'DIFF' } as const;

function pick(env: Env, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v !== '') {
      return v;
    }
  }
  return undefined;
}

function int(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (!/^-?\d+$/.test(value) || Number(value) < min) {
    throw new FlowError(
      'FLOW_CONFIG_INVALID',
      `${name} must be an integer >= ${min}, got '${value}'`,
    );
  }
  return Number(value);
}

function list(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function flag(f: FlagValues, name: string): string | undefined {
  const v = f[name];
  return typeof v === 'string' ? v : undefined;
}

function s3Store(env: Env, bucket: string, region: string | undefined): StoreConfig {
  const endpoint = pick(env, 'FLOWLENS_S3_ENDPOINT');
  const prefix = pick(env, 'FLOWLENS_STORAGE_PREFIX');
  return {
    kind: 's3',
    bucket,
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(prefix ? { prefix } : {}),
  };
}

function kindConfig(env: Env, kind: keyof typeof KIND_PREFIX, dataDir: string): KindConfig {
  const p = KIND_PREFIX[kind];
  const region = pick(env, `${p}_STORAGE_BUCKET_REGION`, 'AWS_REGION');
  const bucket = pick(env, `${p}_STORAGE_BUCKET`, 'FLOWLENS_STORAGE_BUCKET');
  const storage: StoreConfig = bucket
    ? s3Store(env, bucket, region)
    : { kind: 'dir', dir: join(dataDir, 'results') };
  const pBucket = pick(env, `${p}_PROGRESS_BUCKET`, 'FLOWLENS_PROGRESS_BUCKET');
  const pRegion = pick(env, `${p}_PROGRESS_BUCKET_REGION`, 'AWS_REGION');
  return {
    storage,
    progress: pBucket ? s3Store(env, pBucket, pRegion) : storage,
    progressTimeoutMs: int(
      pick(env, `${p}_PROGRESS_TIMEOUT`, 'FLOWLENS_PROGRESS_TIMEOUT'),
      `${p}_PROGRESS_TIMEOUT`,
      D.progressTimeoutMs,
      1,
    ),
  };
}

function queueConfig(f: FlagValues, env: Env, dataDir: string): QueueConfig {
  const nats = flag(f, 'nats') ?? pick(env, 'FLOWLENS_NATS_URL', 'NATS_URL');
  if (nats) {
    const stream = flag(f, 'nats-stream') ?? pick(env, 'FLOWLENS_NATS_STREAM') ?? D.natsStream;
    return { kind: 'nats', servers: nats, stream };
  }
  const endpoint = pick(env, 'STREAM_APPLIANCE_ENDPOINT');
  if (endpoint) {
    return { kind: 'http', endpoint };
  }
  return { kind: 'dir', dir: join(dataDir, 'queue') };
}

function sourceOptions(env: Env): SourceOptions {
  const endpoint = pick(env, 'FLOWLENS_S3_ENDPOINT');
  const region = pick(env, 'VPC_FLOW_LOGS_BUCKET_REGION', 'AWS_REGION', 'AWS_DEFAULT_REGION');
  return {
    ...(endpoint ? { endpoint } : {}),
    ...(region ? { region } : {}),
    accounts: list(pick(env, 'VPC_FLOW_LOGS_SCAN_ACCOUNTS')),
    regions: list(pick(env, 'VPC_FLOW_LOGS_SCAN_REGIONS')),
  };
}

function sources(positionals: readonly string[], env: Env, dataDir: string): string[] {
  if (positionals.length > 0) {
    return [...positionals];
  }
  const fromEnv = list(pick(env, 'FLOWLENS_SOURCES'));
  if (fromEnv.length > 0) {
    return fromEnv;
  }
  const bucket = pick(env, 'VPC_FLOW_LOGS_BUCKET');
  return bucket ? [`s3://${bucket}/`] : [join(dataDir, 'flow-logs')];
}

function statsd(env: Env): ResolvedServiceConfig['statsd'] {
  const host = pick(env, 'STATSD_HOST');
  if (!host) {
    return undefined;
  }
  const port = int(pick(env, 'STATSD_PORT'), 'STATSD_PORT', D.statsdPort, 1);
  const tags = list(pick(env, 'DD_TAGS', 'STATSD_TAGS'));
  const service = pick(env, 'DD_SERVICE');
  return { host, port, tags: service ? [...tags, `service:${service}`] : tags };
}

/**
 * `DIGESTER_ENDPOINT` + `DIGESTER_POLLING_INTERVAL`/`_TIMEOUT` (ms) + `DIGESTER_TOKEN` (a bearer
 * token, when the remote service requires one), or `GRAPHER_…`.
 */
function upstream<K extends string>(
  env: Env,
  key: K,
  prefix: string,
): { [P in K]?: UpstreamConfig } {
  const endpoint = pick(env, `${prefix}_ENDPOINT`);
  if (!endpoint) {
    return {};
  }
  const name = (s: string) => `${prefix}_POLLING_${s}`;
  const token = pick(env, `${prefix}_TOKEN`);
  const value: UpstreamConfig = {
    endpoint,
    intervalMs: int(pick(env, name('INTERVAL')), name('INTERVAL'), D.pollingIntervalMs, 1),
    timeoutMs: int(pick(env, name('TIMEOUT')), name('TIMEOUT'), D.pollingTimeoutMs, -1),
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  };
  return { [key]: value } as { [P in K]?: UpstreamConfig };
}

/**
 * Resolves the service configuration from flags and environment, once. Flags win over
 * `FLOWLENS_*` variables, which win over upstream's names (`DIGEST_STORAGE_BUCKET`,
 * `GRAPH_PROGRESS_TIMEOUT`, `DIGESTER_POLLING_INTERVAL`, `STREAM_APPLIANCE_ENDPOINT`, …).
 * The only reader of the environment for `serve` and `worker`.
 */
export function loadServiceConfig(
  f: FlagValues,
  positionals: readonly string[],
  env: Env,
  cwd: string,
): ResolvedServiceConfig {
  const dataDir = resolve(cwd, flag(f, 'data') ?? pick(env, 'FLOWLENS_DATA') ?? D.dataDir);
  const token = flag(f, 'token') ?? pick(env, 'FLOWLENS_TOKEN');
  const aliases = flag(f, 'aliases') ?? pick(env, 'FLOWLENS_ALIASES');
  const sd = statsd(env);
  const port = flag(f, 'port') ?? pick(env, 'FLOWLENS_PORT', 'PORT');
  const config: ResolvedServiceConfig = {
    host: flag(f, 'host') ?? pick(env, 'FLOWLENS_HOST') ?? D.host,
    port: int(port, '--port', D.port, 0),
    dataDir,
    sources: sources(positionals, env, dataDir),
    sourceOptions: sourceOptions(env),
    kinds: {
      digest: kindConfig(env, 'digest', dataDir),
      graph: kindConfig(env, 'graph', dataDir),
      diff: kindConfig(env, 'diff', dataDir),
    },
    queue: queueConfig(f, env, dataDir),
    workers: int(flag(f, 'workers') ?? pick(env, 'FLOWLENS_WORKERS'), '--workers', D.workers, 0),
    maxAttempts: int(pick(env, 'FLOWLENS_MAX_ATTEMPTS'), 'FLOWLENS_MAX_ATTEMPTS', D.maxAttempts, 1),
    ...upstream(env, 'digester', 'DIGESTER'),
    ...upstream(env, 'grapher', 'GRAPHER'),
    ...(token ? { token } : {}),
    ...(aliases ? { aliasesFile: resolve(cwd, aliases) } : {}),
    corsOrigins: list(flag(f, 'cors') ?? pick(env, 'FLOWLENS_CORS_ORIGINS')),
    maxBodyBytes: int(
      pick(env, 'FLOWLENS_MAX_BODY_BYTES'),
      'FLOWLENS_MAX_BODY_BYTES',
      D.maxBodyBytes,
      1,
    ),
    rateLimitPerMinute: int(
      pick(env, 'FLOWLENS_RATE_LIMIT'),
      'FLOWLENS_RATE_LIMIT',
      D.rateLimitPerMinute,
      0,
    ),
    drainTimeoutMs: int(
      pick(env, 'FLOWLENS_DRAIN_TIMEOUT'),
      'FLOWLENS_DRAIN_TIMEOUT',
      D.drainTimeoutMs,
      0,
    ),
    logLevel: pick(env, 'FLOWLENS_LOG_LEVEL', 'LOG_LEVEL') ?? D.logLevel,
    ...(sd ? { statsd: sd } : {}),
  };
  return deepFreeze(config);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) {
      deepFreeze(v);
    }
    Object.freeze(o);
  }
  return o;
}
