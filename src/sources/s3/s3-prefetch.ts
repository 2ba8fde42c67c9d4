import type { Readable } from 'node:stream';
import type { ListedObject } from './s3-port.ts';

export interface PrefetchOptions {
  /** Objects downloaded ahead of the consumer at most (in flight or waiting). */
  readonly concurrency: number;
  /** Bytes held by those downloads at most; larger objects are streamed, never buffered. */
  readonly maxBufferedBytes: number;
  readonly signal?: AbortSignal;
}

/** A listed object with its bytes: `chunks` when prefetched, `null` when it must be streamed. */
export interface Prefetched {
  readonly item: ListedObject;
  readonly chunks: readonly Buffer[] | null;
  readonly error?: unknown;
}

type Download = (item: ListedObject, signal: AbortSignal) => Promise<Readable>;

interface Slot {
  readonly item: ListedObject;
  readonly bytes: number;
  readonly done: Promise<Prefetched>;
}

async function drain(stream: Readable): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const c of stream) {
    chunks.push(c as Buffer);
  }
  return chunks;
}

function start(item: ListedObject, download: Download, o: PrefetchOptions, signal: AbortSignal) {
  if (item.size > o.maxBufferedBytes) {
    return { item, bytes: 0, done: Promise.resolve({ item, chunks: null }) };
  }
  const done = download(item, signal)
    .then(drain)
    .then(
      (chunks) => ({ item, chunks }),
      (error: unknown) => ({ item, chunks: null, error }),
    );
  return { item, bytes: item.size, done };
}

/**
 * Downloads up to `concurrency` objects ahead of the consumer, holding at most
 * `maxBufferedBytes`, and hands them over in listing (key) order. A download failure is handed
 * over with the object (the reader counts it) rather than thrown. Stopping early, or an abort,
 * cancels the downloads still running.
 */
export async function* prefetchInOrder(
  items: AsyncIterable<ListedObject>,
  download: Download,
  o: PrefetchOptions,
): AsyncGenerator<Prefetched> {
  const it = items[Symbol.asyncIterator]();
  const ctl = new AbortController();
  const onAbort = () => ctl.abort(o.signal?.reason);
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const queue: Slot[] = [];
  let buffered = 0;
  let pending: IteratorResult<ListedObject> | null = null;
  try {
    for (;;) {
      o.signal?.throwIfAborted();
      while (queue.length < Math.max(1, o.concurrency)) {
        pending ??= await it.next();
        if (pending.done) {
          break;
        }
        const item = pending.value;
        const fits = item.size > o.maxBufferedBytes || buffered + item.size <= o.maxBufferedBytes;
        if (queue.length > 0 && !fits) {
          break; // wait for the consumer to release bytes; keeps key order
        }
        pending = null;
        const slot = start(item, download, o, ctl.signal);
        buffered += slot.bytes;
        queue.push(slot);
      }
      const slot = queue.shift();
      if (!slot) {
        return;
      }
      yield await slot.done;
      buffered -= slot.bytes;
    }
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    ctl.abort();
    await it.return?.(undefined);
  }
}
