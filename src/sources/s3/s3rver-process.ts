/**
 * Runs s3rver for the S3 source tests, in its own Node process started with
 * `--openssl-legacy-provider`: s3rver 3.7.1 encrypts ListObjectsV2 continuation tokens with DES,
 * which OpenSSL 3 (Node 17+) only offers through the legacy provider, so paginated listings fail
 * with InternalError without it. Prints `{"port":N}` and then one JSON line per request
 * (`{"t":"req","m":"GET","u":"/bucket/key"}`, and `{"t":"end"}` when an object GET finishes).
 *
 * Usage: node --openssl-legacy-provider --import tsx s3rver-process.ts DATA-DIR
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';

interface StoreListOptions {
  readonly prefix?: string;
  readonly delimiter?: string;
  readonly startAfter?: string;
  readonly maxKeys?: number;
}
interface StoreListing {
  readonly objects: readonly { readonly key: string }[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
}
interface S3rverStore {
  listObjects(bucket: string, options: StoreListOptions): Promise<StoreListing>;
}

/** The part of s3rver's (untyped) API used here. */
interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
  readonly httpServer: Server;
  readonly store: S3rverStore;
}

/**
 * s3rver 3.7.1 reports a CommonPrefix only when an object sits directly in it: listing
 * `AWSLogs/` with Delimiter `/` returns no account folders, as the objects are five levels
 * deeper. Real S3 returns every first-level folder. This corrects the store's delimiter listing
 * (grouping a recursive listing, as S3 does); HTTP, SigV4, XML, pagination and GETs stay
 * s3rver's own.
 */
function fixDelimiterListing(store: S3rverStore): void {
  const recursive = store.listObjects.bind(store);
  store.listObjects = async (bucket, o) => {
    if (!o.delimiter) {
      return recursive(bucket, o);
    }
    const all = await recursive(bucket, { ...o, delimiter: '', maxKeys: Infinity });
    const prefix = o.prefix ?? '';
    const max = o.maxKeys ?? 1000;
    const objects: { key: string }[] = [];
    const commonPrefixes: string[] = [];
    for (const obj of all.objects) {
      const rest = obj.key.slice(prefix.length);
      const i = rest.indexOf(o.delimiter);
      const cp = i === -1 ? null : prefix + rest.slice(0, i + 1);
      if (cp !== null && commonPrefixes.at(-1) === cp) {
        continue;
      }
      if (objects.length + commonPrefixes.length >= max) {
        return { objects, commonPrefixes, isTruncated: true };
      }
      if (cp === null) {
        objects.push(obj);
      } else {
        commonPrefixes.push(cp);
      }
    }
    return { objects, commonPrefixes, isTruncated: false };
  };
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

const emit = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');

async function serve(directory: string): Promise<void> {
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  fixDelimiterListing(server.store);
  const { port } = await server.run();
  server.httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    emit({ t: 'req', m: req.method, u: req.url });
    const objectGet = req.method === 'GET' && !/[?&]list-type=/.test(req.url ?? '');
    if (objectGet) {
      res.on('close', () => emit({ t: 'end' }));
    }
  });
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
  emit({ port });
}

await serve(process.argv[2] ?? '.');
