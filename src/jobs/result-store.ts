/**
 * Where results and in-progress markers live: a flat key → bytes store. Keys are upstream's
 * (`<id>.log.gz`, `<id>.dot`, `<id>_in_progress`) so buckets can be shared with the Go
 * services. Implementations: `stores/dir-store.ts` (local directory) and `stores/s3-store.ts`.
 */
export interface ResultStore {
  /** `s3`, `dir`: for logs and `/readyz`. */
  readonly kind: string;
  /** The bytes stored under `key`, or `undefined` if there are none. */
  get(key: string): Promise<Uint8Array | undefined>;
  exists(key: string): Promise<boolean>;
  /** Replaces `key` atomically: readers see the old bytes or the new, never a part. */
  put(key: string, body: Uint8Array, contentType?: string): Promise<void>;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Keys starting with `prefix`, in no particular order. */
  list(prefix: string): AsyncIterable<string>;
  /** Cheap reachability check for `/readyz`; throws when the store is unusable. */
  check(): Promise<void>;
}
