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
  /** Polling of another service's results (`DIGESTER_POLLING_*`); -1 timeout = forever (Q6). */
  readonly pollingIntervalMs: number;
  readonly pollingTimeoutMs: number;
  readonly token?: string;
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
