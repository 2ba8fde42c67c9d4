import type { SourceOptions } from '../sources/source.ts';

/** Where a kind's results or markers are kept. */
export type StoreConfig =
  | { readonly kind: 'dir'; readonly dir: string }
  | {
      readonly kind: 's3';
      readonly bucket: string;
      readonly region?: string;
      readonly endpoint?: string;
      readonly prefix?: string;
    };

export type QueueConfig =
  | { readonly kind: 'dir'; readonly dir: string }
  | { readonly kind: 'nats'; readonly servers: string; readonly stream: string }
  /** Jobs go to an external event bus (`STREAM_APPLIANCE_ENDPOINT`) that calls `POST /{topic}/{event}`. */
  | { readonly kind: 'http'; readonly endpoint: string };

export interface KindConfig {
  readonly storage: StoreConfig;
  readonly progress: StoreConfig;
  /** Marker TTL and queue lease, in ms (`DIGEST_PROGRESS_TIMEOUT`, …). */
  readonly progressTimeoutMs: number;
}

/** Another service polled for results: POST, then GET every `intervalMs` while 204. */
export interface UpstreamConfig {
  readonly endpoint: string;
  readonly intervalMs: number;
  /** -1 = poll forever (upstream's README promise, broken there: Q6). */
  readonly timeoutMs: number;
  /** `Authorization: Bearer …` from `DIGESTER_TOKEN` / `GRAPHER_TOKEN` (a flowlens with --token). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The service's settings, resolved once from flags and environment, then frozen. */
export interface ResolvedServiceConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly sources: readonly string[];
  readonly sourceOptions: SourceOptions;
  readonly kinds: Readonly<Record<'digest' | 'graph' | 'diff', KindConfig>>;
  readonly queue: QueueConfig;
  /** Worker loops in this process (0 = API only). */
  readonly workers: number;
  readonly maxAttempts: number;
  /** A remote digesterd whose digests graph jobs use (`DIGESTER_ENDPOINT`, as grapherd). */
  readonly digester?: UpstreamConfig;
  /** A remote grapherd whose graphs diff jobs use (`GRAPHER_ENDPOINT`, as diffd). */
  readonly grapher?: UpstreamConfig;
  readonly token?: string;
  /** Known-IP alias file (CSV `address,name`, JSON or YAML) for the dashboard's alias grouping. */
  readonly aliasesFile?: string;
  readonly corsOrigins: readonly string[];
  readonly maxBodyBytes: number;
  /** Requests per client IP per minute (0 = unlimited). */
  readonly rateLimitPerMinute: number;
  readonly drainTimeoutMs: number;
  readonly logLevel: string;
  readonly statsd?: {
    readonly host: string;
    readonly port: number;
    readonly tags: readonly string[];
  };
}

export const SERVICE_DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  dataDir: '.flowlens',
  progressTimeoutMs: 600_000,
  workers: 2,
  maxAttempts: 3,
  pollingIntervalMs: 1000,
  pollingTimeoutMs: -1,
  maxBodyBytes: 1 << 20,
  rateLimitPerMinute: 6000,
  drainTimeoutMs: 60_000,
  logLevel: 'info',
  natsStream: 'FLOWLENS_JOBS',
  statsdPort: 8125,
} as const;

/**
 * One queue carries every kind, so it has one lease: the *shortest* in-progress timeout. A live
 * worker renews the lease and the job's marker every third of it, so long jobs keep both; a dead
 * worker's job is delivered again once the lease lapses, which is never later than its kind's
 * timeout. (Taking the longest timeout, as before, let a killed digest job sit leased for the
 * graph/diff default of 10 minutes while its 1.5 s marker had long expired: 204, then 404.)
 */
export function queueLeaseMs(config: ResolvedServiceConfig): number {
  return Math.min(...Object.values(config.kinds).map((k) => k.progressTimeoutMs));
}
