import { Readable } from 'node:stream';
import type { LogObject, Source, SourceContext, SourceOptions } from '../source.ts';
import { layoutRootOf, parseS3Uri, stampRange } from './s3-key-layout.ts';
import { listObjects } from './s3-lister.ts';
import { createSdkS3Port, type ListedObject, type S3Port } from './s3-port.ts';
import { prefetchInOrder, type Prefetched } from './s3-prefetch.ts';

/** Defaults for the download pipeline (see `SourceOptions`). */
export const S3_DEFAULTS = { concurrency: 4, maxBufferedBytes: 256 * 1024 * 1024 } as const;

export interface S3SourceDeps {
  /** Builds the S3 port; defaults to the AWS SDK v3 adapter. */
  readonly createPort?: (options: SourceOptions) => S3Port;
}

function logObject(bucket: string, got: Prefetched, port: S3Port): LogObject {
  const { item, chunks, error } = got;
  let held = chunks;
  return {
    name: `s3://${bucket}/${item.key}`,
    size: item.size,
    envelope: item.key.endsWith('.parquet') ? 'parquet' : 'auto',
    async open(signal?: AbortSignal) {
      if (error !== undefined) {
        throw error;
      }
      const body = held;
      held = null; // a second open() downloads again instead of replaying released memory
      return body ? Readable.from(body, { objectMode: false }) : port.get(bucket, item.key, signal);
    },
  };
}

/**
 * `s3://bucket/prefix`: VPC flow-log objects under a prefix, listed by the classic or Hive-style
 * `AWSLogs/` layout (only the folders a time window needs), downloaded a few at a time with a
 * cap on buffered bytes, and handed over in key order.
 */
export function createS3Source(
  uri: string,
  options: SourceOptions = {},
  deps: S3SourceDeps = {},
): Source {
  const { bucket, prefix } = parseS3Uri(uri);
  return {
    kind: 's3',
    uri,
    async *objects(ctx: SourceContext) {
      ctx.signal?.throwIfAborted();
      const port = (deps.createPort ?? createSdkS3Port)(options);
      const listed = listObjects({
        port,
        bucket,
        scope: prefix,
        root: layoutRootOf(prefix),
        ...(ctx.window ? { range: stampRange(ctx.window) } : {}),
        accounts: options.accounts ?? [],
        regions: options.regions ?? [],
        stats: ctx.stats,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      const download = (item: ListedObject, signal: AbortSignal) =>
        port.get(bucket, item.key, signal);
      try {
        for await (const got of prefetchInOrder(listed, download, {
          concurrency: options.concurrency ?? S3_DEFAULTS.concurrency,
          maxBufferedBytes: options.maxBufferedBytes ?? S3_DEFAULTS.maxBufferedBytes,
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        })) {
          yield logObject(bucket, got, port);
        }
      } finally {
        port.destroy();
      }
    },
  };
}
