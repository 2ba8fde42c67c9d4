import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { FlowError, type FlowErrorCode } from '../../model/errors.ts';
import type { SourceOptions } from '../source.ts';

export interface ListRequest {
  readonly bucket: string;
  readonly prefix: string;
  readonly delimiter?: string;
  readonly token?: string;
  readonly signal?: AbortSignal;
}

export interface ListedObject {
  readonly key: string;
  readonly size: number;
}

/** One page of ListObjectsV2: keys and common prefixes, each in key order. */
export interface ListPage {
  readonly objects: readonly ListedObject[];
  readonly prefixes: readonly string[];
  readonly nextToken?: string;
}

/** What the S3 source needs from S3: the port the SDK adapter below implements. */
export interface S3Port {
  list(req: ListRequest): Promise<ListPage>;
  get(bucket: string, key: string, signal?: AbortSignal): Promise<Readable>;
  destroy(): void;
}

/** SDK error names → our codes; anything else is a read error. */
const ERROR_CODES: Readonly<Record<string, FlowErrorCode>> = {
  NoSuchBucket: 'FLOW_SOURCE_NOT_FOUND',
  NoSuchKey: 'FLOW_SOURCE_NOT_FOUND',
  NotFound: 'FLOW_SOURCE_NOT_FOUND',
  AccessDenied: 'FLOW_AUTH',
  InvalidAccessKeyId: 'FLOW_AUTH',
  SignatureDoesNotMatch: 'FLOW_AUTH',
  CredentialsProviderError: 'FLOW_AUTH',
};

function toFlowError(e: unknown, what: string, signal?: AbortSignal): unknown {
  if (signal?.aborted) {
    return signal.reason ?? e;
  }
  const err = e as Error;
  const code = /region is missing/i.test(err.message ?? '')
    ? 'FLOW_CONFIG_INVALID'
    : (ERROR_CODES[err.name] ?? 'FLOW_SOURCE_READ');
  return new FlowError(code, `S3 ${what}: ${err.name}: ${err.message}`, { cause: e });
}

/**
 * The AWS SDK v3 adapter: standard credential and region resolution (environment, profiles,
 * instance roles); `endpoint` switches to path-style addressing for S3-compatible stores.
 */
export function createSdkS3Port(options: SourceOptions): S3Port {
  // The SDK loads on first use, so commands that never touch S3 start faster.
  const sdk = lazy(() => import('@aws-sdk/client-s3'));
  let made: S3Client | undefined;
  const client = async () => {
    const { S3Client } = await sdk();
    made ??= new S3Client({
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
      followRegionRedirects: true,
    });
    return made;
  };
  return {
    async list(req) {
      const { ListObjectsV2Command } = await sdk();
      const cmd = new ListObjectsV2Command({
        Bucket: req.bucket,
        Prefix: req.prefix,
        ...(req.delimiter ? { Delimiter: req.delimiter } : {}),
        ...(req.token ? { ContinuationToken: req.token } : {}),
      });
      const out = await (
        await client()
      )
        .send(cmd, { abortSignal: req.signal })
        .catch((e: unknown) =>
          Promise.reject(toFlowError(e, `list s3://${req.bucket}/${req.prefix}`, req.signal)),
        );
      return {
        objects: (out.Contents ?? []).map((o) => ({ key: o.Key ?? '', size: o.Size ?? 0 })),
        prefixes: (out.CommonPrefixes ?? []).map((p) => p.Prefix ?? ''),
        ...(out.IsTruncated && out.NextContinuationToken
          ? { nextToken: out.NextContinuationToken }
          : {}),
      };
    },
    async get(bucket, key, signal) {
      const { GetObjectCommand } = await sdk();
      const out = await (
        await client()
      )
        .send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal })
        .catch((e: unknown) => Promise.reject(toFlowError(e, `get s3://${bucket}/${key}`, signal)));
      return out.Body as Readable;
    },
    destroy: () => made?.destroy(),
  };
}

/** Runs `load` once, on first call, and shares its promise. */
function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= load());
}
