/**
 * Test helpers for the S3 source: a real local S3-protocol server (s3rver) on a random port with
 * a temporary data directory, request accounting at the server, and generated gzip flow-log
 * files named and laid out as VPC Flow Logs writes them. Used by tests only.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

export interface ServerRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
}

export interface LocalS3 {
  readonly endpoint: string;
  readonly client: S3Client;
  /** Every request the server received since the last reset, once `settle()` returned. */
  readonly requests: ServerRequest[];
  /** Waits until the server has reported every request made so far. */
  settle(): Promise<void>;
  /** Highest number of object GETs in progress at once since the last reset. */
  peakGets(): number;
  /** Forgets the requests and the peak seen so far. */
  reset(): void;
  close(): Promise<void>;
}

const SYNC_PATH = '/flowlens-sync-';

/** Credentials s3rver accepts; the SDK reads them from the environment like real ones. */
export function useTestCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  process.env.AWS_REGION = 'us-east-1';
}

/** Starts s3rver in a child process (see `s3rver-process.ts`) on a random port. */
export async function startLocalS3(buckets: readonly string[]): Promise<LocalS3> {
  useTestCredentials();
  const dir = await mkdtemp(join(tmpdir(), 'flowlens-s3rver-'));
  const script = fileURLToPath(new URL('./s3rver-process.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', '--no-warnings', '--import', 'tsx', script, dir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((r) => child.once('exit', r));
  const requests: ServerRequest[] = [];
  const waiting = new Map<string, () => void>();
  let gets = 0;
  let peak = 0;
  let ready: (port: number) => void = () => undefined;
  const port = new Promise<number>((r) => (ready = r));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const e = JSON.parse(line) as { port?: number; t?: string; m?: string; u?: string };
    if (e.port !== undefined) {
      return ready(e.port);
    }
    if (e.t === 'end') {
      gets--;
      return;
    }
    const url = new URL(e.u ?? '/', 'http://x');
    if (url.pathname.startsWith(SYNC_PATH)) {
      waiting.get(url.pathname)?.();
      return;
    }
    if (e.m === 'GET' && !url.searchParams.has('list-type')) {
      peak = Math.max(peak, ++gets);
    }
    requests.push({ method: e.m ?? '', path: url.pathname, query: url.searchParams });
  });
  const endpoint = `http://127.0.0.1:${await port}`;
  const client = new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1' });
  for (const b of buckets) {
    await client.send(new CreateBucketCommand({ Bucket: b }));
  }
  let syncs = 0;
  return {
    endpoint,
    client,
    requests,
    async settle() {
      const path = `${SYNC_PATH}${syncs++}`;
      const seen = new Promise<void>((r) => waiting.set(path, r));
      await fetch(endpoint + path).then((r) => r.arrayBuffer());
      await seen;
    },
    peakGets: () => peak,
    reset() {
      requests.length = 0;
      peak = gets;
    },
    async close() {
      client.destroy();
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Uploads objects with a few requests in flight at once. */
export async function putObjects(
  s3: LocalS3,
  bucket: string,
  objects: ReadonlyMap<string, Buffer>,
  concurrency = 24,
): Promise<void> {
  const entries = [...objects];
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const [key, body] = entries[next++]!;
      await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const V2 =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const V5 =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path';

export interface FlowFileSpec {
  readonly account: string;
  readonly region: string;
  /** File-name stamp, Unix seconds (a multiple of 60). */
  readonly stamp: number;
  readonly version: 2 | 5;
  readonly records: number;
}

function stampText(t: number): string {
  return new Date(t * 1000).toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';
}

/** The file name VPC Flow Logs gives an object for this spec. */
export function flowFileName(f: FlowFileSpec): string {
  const hash = ((f.stamp / 60) % 0xffffffff).toString(16).padStart(8, '0');
  return `${f.account}_vpcflowlogs_${f.region}_fl-0a1b2c3d4e5f60718_${stampText(f.stamp)}_${hash}.log.gz`;
}

/**
 * One gzip flow-log file: a header and records whose `end` lies in [stamp, stamp + 5 min) and
 * whose `start` is up to 10 min before their end, as AWS writes them.
 */
export function flowFileBody(f: FlowFileSpec): Buffer {
  const lines = [f.version === 2 ? V2 : V5];
  for (let i = 0; i < f.records; i++) {
    const n = f.stamp / 60 + i;
    const end = f.stamp + ((n * 53) % 300);
    const start = end - ((n * 131) % 600);
    const v2 = [
      f.version,
      f.account,
      `eni-0${(n % 6).toString(16)}a1b2c3d4e5f6a7`,
      `10.${n % 3}.${n % 7}.${(n * 11) % 250}`,
      i % 4 === 0 ? `2001:db8::${(n % 50) + 1}` : `10.9.${n % 5}.${(n * 3) % 250}`,
      i % 2 ? 443 : 32768 + (n % 20000),
      i % 2 ? 40000 + (n % 9000) : 22,
      6,
      1 + (n % 40),
      60 + ((n * 977) % 90000),
      start,
      end,
      n % 10 === 0 ? 'REJECT' : 'ACCEPT',
      'OK',
    ];
    const v5 = [
      'vpc-0abc',
      'subnet-0abc',
      '-',
      2,
      'IPv4',
      '-',
      '-',
      f.region,
      'use1-az1',
      '-',
      '-',
      '-',
      '-',
      'ingress',
      '-',
    ];
    lines.push((f.version === 2 ? v2 : [...v2, ...v5]).join(' '));
  }
  return gzipSync(lines.join('\n') + '\n');
}
