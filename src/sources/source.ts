import type { Readable } from 'node:stream';
import type { IngestStats } from '../model/ingest-stats.ts';
import type { TimeWindow } from '../model/flow-record.ts';

/**
 * How the bytes of one log object are wrapped. `auto` sniffs: gzip magic, then a JSON envelope
 * (CloudWatch subscription / Firehose), then plain text lines (with or without a header,
 * optionally prefixed by a CloudWatch-export timestamp).
 */
export type Envelope = 'auto' | 'text' | 'cloudwatch' | 'firehose' | 'parquet';

/** One unit of input: a file, an S3 object, a batch of CloudWatch events, stdin. */
export interface LogObject {
  /** Human-readable identity (path, s3:// URL, log-group/stream); used in messages. */
  readonly name: string;
  /** Compressed size when known (S3 listing, stat), for byte caps and progress. */
  readonly size?: number;
  /** Envelope hint; `auto` when unknown. */
  readonly envelope?: Envelope;
  /**
   * The log format when the envelope carries none (CloudWatch, Firehose): field names in order.
   * Text objects with a header line ignore this in favour of their header.
   */
  readonly format?: readonly string[];
  /** Opens the raw bytes (possibly gzip). The caller destroys the stream when done. */
  open(signal?: AbortSignal): Promise<Readable>;
}

export interface SourceContext {
  /** Only objects that may hold records of this window are needed (by name/partition). */
  readonly window?: TimeWindow;
  readonly signal?: AbortSignal;
  /** Objects skipped at listing time (e.g. keys outside the layout) are counted here. */
  readonly stats: IngestStats;
}

/**
 * A place flow logs come from. Sources only find and open objects; decoding (gzip, envelopes,
 * headers) and parsing are shared by all of them (see `read-flows.ts`).
 */
export interface Source {
  /** Registry name: `file`, `stdin`, `s3`, `cloudwatch`. */
  readonly kind: string;
  /** What the user typed (path or URL). */
  readonly uri: string;
  objects(ctx: SourceContext): AsyncIterable<LogObject>;
}

/** Options every source factory may receive (resolved from flags/config once). */
export interface SourceOptions {
  /** S3-compatible endpoint override (`--endpoint`). */
  readonly endpoint?: string;
  readonly region?: string;
  /** Restrict S3 listing to these accounts/regions (empty = discover). */
  readonly accounts?: readonly string[];
  readonly regions?: readonly string[];
  /** Concurrent downloads and a cap on bytes buffered by them. */
  readonly concurrency?: number;
  readonly maxBufferedBytes?: number;
  /** Log format for envelopes without a header (CloudWatch, Firehose). */
  readonly logFormat?: readonly string[];
  /** What `-` reads (the CLI passes its own stdin; default `process.stdin`). */
  readonly stdin?: Readable;
}

export type SourceFactory = (uri: string, options: SourceOptions) => Source;
