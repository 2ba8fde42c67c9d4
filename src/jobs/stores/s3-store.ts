import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { FlowError } from '../../model/errors.ts';
import type { ResultStore } from '../result-store.ts';

export interface S3StoreOptions {
  readonly bucket: string;
  /** Key prefix inside the bucket (e.g. `flowlens/`); upstream used none. */
  readonly prefix?: string;
  readonly region?: string;
  /** S3-compatible endpoint (path-style addressing is then used). */
  readonly endpoint?: string;
  readonly client?: S3Client;
}

function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata?.httpStatusCode === 404
  );
}

function storageError(what: string, key: string, e: unknown): FlowError {
  return new FlowError('FLOW_STORAGE', `S3 ${what} ${key}: ${(e as Error).message}`, { cause: e });
}

export function s3ClientFor(o: { region?: string; endpoint?: string }): S3Client {
  return new S3Client({
    region: o.region ?? 'us-east-1',
    ...(o.endpoint ? { endpoint: o.endpoint, forcePathStyle: true } : {}),
  });
}

/** An S3 bucket (or prefix): PutObject is atomic per key, so no temp objects are needed. */
export function createS3Store(o: S3StoreOptions): ResultStore {
  const client = o.client ?? s3ClientFor(o);
  const prefix = o.prefix ?? '';
  const Bucket = o.bucket;
  const call = async <T>(what: string, key: string, f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      throw storageError(what, key, e);
    }
  };
  return {
    kind: 's3',
    async get(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket, Key: prefix + key }));
        return await out.Body!.transformToByteArray();
      } catch (e) {
        if (isNotFound(e)) {
          return undefined;
        }
        throw storageError('get', key, e);
      }
    },
    async exists(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: prefix + key }));
        return true;
      } catch (e) {
        if (isNotFound(e)) {
          return false;
        }
        throw storageError('head', key, e);
      }
    },
    put: (key, body, contentType = 'application/octet-stream') =>
      call('put', key, async () => {
        await client.send(
          new PutObjectCommand({ Bucket, Key: prefix + key, Body: body, ContentType: contentType }),
        );
      }),
    delete: (key) =>
      call('delete', key, async () => {
        await client.send(new DeleteObjectCommand({ Bucket, Key: prefix + key }));
      }),
    list: (p) => listKeys(client, Bucket, prefix, p),
    check: () =>
      call('head bucket', Bucket, async () => {
        await client.send(new HeadBucketCommand({ Bucket }));
      }),
  };
}

async function* listKeys(client: S3Client, Bucket: string, prefix: string, p: string) {
  let ContinuationToken: string | undefined;
  do {
    const out = await client.send(
      new ListObjectsV2Command({ Bucket, Prefix: prefix + p, ContinuationToken }),
    );
    for (const o of out.Contents ?? []) {
      yield (o.Key ?? '').slice(prefix.length);
    }
    ContinuationToken = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (ContinuationToken);
}
