import { availableParallelism } from 'node:os';
import { createGunzip, type ZlibOptions } from 'node:zlib';
import { Readable, pipeline } from 'node:stream';
import { FlowError } from '../../model/errors.ts';
import type { NativeGunzipHandle } from '../../native/addon.ts';
import { NativeGunzip, nativeGunzipAvailable } from '../../native/gunzip.ts';

/** Default cap on the decompressed size of one object: a gzip bomb stops here. */
export const DEFAULT_MAX_DECODED_BYTES = 8 * 1024 ** 3;
/**
 * Output chunk of the gunzip stream (the most bytes of one decoded chunk, with either gunzip).
 * Each chunk costs a round trip between zlib's thread and the parser, so large chunks are
 * faster (1 MiB: about 20 % off a whole digest against 64 KiB). zlib drops the output of the
 * call that hits a truncated input, so a truncated object loses up to one chunk here; the
 * reading loop takes that tail back with a second pass in {@link RECOVERY_CHUNK}s
 * (`read-flows.ts`). The native gunzip loses nothing ({@link DecodedChunks.keepsTail}).
 */
export const GUNZIP_CHUNK = 1024 * 1024;
/** Output chunk of the second pass over a truncated object: what it can still lose. */
export const RECOVERY_CHUNK = 16 * 1024;
/**
 * Decompressed bytes zlib may buffer ahead of the parser. zlib inflates on libuv's thread pool,
 * so with room to run ahead it works on the next chunks while the main thread parses this one
 * (with the default 16 KiB mark it stopped after every chunk and the two took turns).
 */
const GUNZIP_READ_AHEAD = 4 * 1024 * 1024;
/** Compressed bytes queued for zlib, so it does not wait for the next read to come through. */
const GUNZIP_INPUT_AHEAD = 1024 * 1024;

export interface DecodeCounters {
  bytesIn: number;
  bytesDecoded: number;
}

/**
 * A consumer that takes inflated bytes straight from the native gunzip into memory of its own
 * (the native digest kernel), so decoded bytes never become JS buffers.
 */
export interface InflateSink {
  /**
   * Inflates at most `max` (at least 1) bytes from `gunzip` and consumes them; returns the
   * count, 0 when the gunzip needs more input. Faults throw as the native gunzip's reads do.
   */
  inflateFrom(gunzip: NativeGunzipHandle, max: number): number;
}

/**
 * Whether a sink is fed on this thread (inflating straight into it) rather than from the pool
 * (two reused buffers: one inflating while the sink copies the other). On one core the pool
 * only adds trips; with more, it inflates beside the parser. `FLOWLENS_INFLATE_HERE=1` or `0`
 * decides instead (tests run both).
 */
export function sinkInflatesHere(): boolean {
  const forced = process.env.FLOWLENS_INFLATE_HERE;
  return forced === undefined || forced === '' ? availableParallelism() === 1 : forced === '1';
}

/** The stream of decompressed bytes of one object, or an error explaining why it stopped. */
export interface DecodedChunks {
  /** True when the object was gzip-compressed. */
  readonly gzip: boolean;
  /**
   * True when a truncated or corrupt object still yields every byte decodable before the
   * fault (plain objects, the native gunzip), so no recovery pass is needed; false with
   * Node's zlib, which drops the output of its last call.
   */
  readonly keepsTail: boolean;
  /**
   * Present when the native gunzip decodes. From the next chunk on the consumer promises to
   * take each chunk at once (copying it): when {@link sinkInflatesHere}, bytes are inflated
   * straight into `sink` and {@link chunks} yields an empty chunk per piece (for progress and
   * cancellation); otherwise chunks come from two buffers reused in turn. Counted and capped as
   * before either way; chunks already under way still come first, in order.
   */
  readonly sinkInto?: (sink: InflateSink) => void;
  chunks(): AsyncGenerator<Buffer>;
}

/** Where the native gunzip sends its pieces: a sink once one is attached, and the room left. */
interface PieceTarget {
  sink: InflateSink | undefined;
  /** Feed the sink on this thread ({@link sinkInflatesHere}), read when the sink is attached. */
  here: boolean;
  room(): number;
}

const EMPTY = Buffer.alloc(0);

/**
 * Which gunzip decodes: `auto` is the native one (ISA-L) when the addon is built with it and
 * not turned off (`FLOWLENS_NATIVE=0`), else Node's zlib.
 */
export type GunzipBackend = 'auto' | 'native' | 'zlib';

function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Reads the first chunk to sniff the compression, without losing it. */
async function peek(
  stream: Readable,
): Promise<{ head: Buffer | null; rest: AsyncIterator<Buffer> }> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head: Buffer | null = null;
  // Two bytes tell gzip: a source may deliver fewer first (a pipe, a byte-at-a-time stream).
  while (head === null || head.length < SNIFF_BYTES) {
    const next = await it.next();
    if (next.done) {
      break;
    }
    head = head === null ? toBuffer(next.value) : Buffer.concat([head, toBuffer(next.value)]);
  }
  return { head, rest: it };
}

/** Bytes {@link isGzip} looks at. */
const SNIFF_BYTES = 2;

function toBuffer(v: unknown): Buffer {
  return Buffer.isBuffer(v) ? v : Buffer.from(v as string);
}

async function* rawChunks(head: Buffer | null, rest: AsyncIterator<Buffer>, c: DecodeCounters) {
  if (head) {
    c.bytesIn += head.length;
    yield head;
    for (let r = await rest.next(); !r.done; r = await rest.next()) {
      const b = toBuffer(r.value);
      c.bytesIn += b.length;
      yield b;
    }
  }
}

/**
 * Decompresses (gzip, including concatenated members) or passes through plain bytes, counting
 * both sides and enforcing `maxDecodedBytes`. Decoded chunks are at most `chunkSize` bytes.
 * Truncated or corrupt gzip raises `FLOW_DECODE_CORRUPT` after the bytes decoded so far were
 * yielded; exceeding the cap raises `FLOW_DECODE_TOO_LARGE`. `backend: 'native'` throws when
 * the native gunzip is not available.
 */
export async function decodeStream(
  stream: Readable,
  counters: DecodeCounters,
  maxDecodedBytes = DEFAULT_MAX_DECODED_BYTES,
  chunkSize = GUNZIP_CHUNK,
  backend: GunzipBackend = 'auto',
): Promise<DecodedChunks> {
  const { head, rest } = await peek(stream);
  const gzip = head !== null && isGzip(head);
  const native = gzip && backend !== 'zlib' && (backend === 'native' || nativeGunzipAvailable());
  let total = 0;
  const target: PieceTarget = {
    sink: undefined,
    here: false,
    room: () => maxDecodedBytes - total,
  };
  async function* chunks(): AsyncGenerator<Buffer> {
    const raw = rawChunks(head, rest, counters);
    const source = !gzip
      ? raw
      : native
        ? nativeGunzip(raw, chunkSize, target)
        : gunzip(raw, stream, chunkSize);
    try {
      for await (const piece of source) {
        const n = typeof piece === 'number' ? piece : piece.length;
        if (total + n > maxDecodedBytes) {
          // Everything up to the cap is read (a sink never gets more), then the object stops.
          const part = (piece as Buffer).subarray(0, maxDecodedBytes - total);
          if (part.length > 0) {
            total += part.length;
            counters.bytesDecoded += part.length;
            yield part;
          }
          throw new FlowError(
            'FLOW_DECODE_TOO_LARGE',
            `decompressed size exceeds the cap of ${maxDecodedBytes} bytes`,
          );
        }
        total += n;
        counters.bytesDecoded += n;
        yield typeof piece === 'number' ? EMPTY : piece;
      }
    } finally {
      stream.destroy();
    }
  }
  const sinkInto = (sink: InflateSink) => {
    target.sink = sink;
    target.here = sinkInflatesHere();
  };
  return { gzip, keepsTail: !gzip || native, chunks, ...(native ? { sinkInto } : {}) };
}

/**
 * Compressed chunks smaller than this are inflated on the calling thread: a small flow-log
 * object (most S3 deliveries are) would otherwise wait for several trips through the pool.
 */
const INFLATE_HERE_BELOW = 64 * 1024;

/** Error codes of the native gunzip that mean bad data (the others are bugs or misuse). */
const NATIVE_DATA_ERRORS = new Set(['FLOWLENS_GZIP_TRUNCATED', 'FLOWLENS_GZIP_CORRUPT']);

/**
 * The native gunzip. Compressed chunks are inflated in pieces of at most `chunkSize` bytes on
 * libuv's thread pool, always one piece ahead of the parser (reading the next compressed chunk
 * when needed), as zlib does, at about twice its speed. The cap in {@link decodeStream} stops
 * a gzip bomb a piece or two past it.
 *
 * Once `target` has a sink, a piece already on the pool is yielded first (order holds), then:
 * - here: pieces are inflated into the sink on this thread and their byte counts yielded, with
 *   no piece ahead (the sink consumes what it is given at once) and never more than the room
 *   left under the cap;
 * - else: pieces are inflated on the pool into two buffers in turn, one while the consumer
 *   copies the other (it has when it asks for the next piece), so no buffer is allocated.
 */
async function* nativeGunzip(
  raw: AsyncGenerator<Buffer>,
  chunkSize: number,
  target: PieceTarget,
): AsyncGenerator<Buffer | number> {
  const z = new NativeGunzip(chunkSize);
  // The next compressed chunk is read while the current one inflates: a continuation runs only
  // when the parser waits, so a read started only once the inflater ran dry would make the
  // parser wait for the read and then for the inflate, once per compressed chunk.
  let ahead = raw.next();
  // Small input is inflated here: a trip through the pool costs more than it saves.
  let small = false;
  /** Writes the next compressed chunk; false at the end of the input (checked by `end`). */
  const feed = async (): Promise<boolean> => {
    const input = await ahead;
    if (input.done) {
      z.end();
      return false;
    }
    ahead = raw.next();
    small = input.value.length < INFLATE_HERE_BELOW;
    z.write(input.value);
    return true;
  };
  /** What `read` gives (null: the input written so far is used up), writing input as needed. */
  const until = async <T>(read: () => T | null | Promise<T | null>): Promise<T | null> => {
    for (;;) {
      const out = await read();
      if (out !== null) {
        return out;
      }
      if (!(await feed())) {
        return null;
      }
    }
  };
  const nextPiece = () => until(() => (small ? z.read() : z.readAsync()));
  const spares: Buffer[] = [];
  let turn = 0;
  /** The next piece, inflated into the spare buffer not handed out last. */
  const nextSpare = () => {
    const buf = (spares[turn] ??= Buffer.allocUnsafe(chunkSize));
    turn ^= 1;
    return until(() => (small ? z.readInto(buf) : z.readAsyncInto(buf)));
  };
  const nextSunk = (sink: InflateSink): Promise<number | Buffer | null> => {
    // The consumer counts what it is given, so the room stays as it is until then.
    const room = Math.min(chunkSize, target.room());
    if (room <= 0) {
      return nextPiece(); // at the cap: any byte more is read as bytes, and stops the object
    }
    return until(() => z.inflateInto(sink, room) || null);
  };
  let next: Promise<Buffer | number | null> | undefined = nextPiece();
  try {
    for (;;) {
      const { sink, here } = target;
      const out: Buffer | number | null = next
        ? await next
        : sink && here
          ? await nextSunk(sink)
          : await nextPiece();
      next = undefined;
      if (out === null) {
        return;
      }
      if (!sink) {
        next = nextPiece();
      } else if (!here) {
        next = nextSpare();
      }
      yield out;
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined && NATIVE_DATA_ERRORS.has(code)) {
      throw new FlowError(
        'FLOW_DECODE_CORRUPT',
        `gzip data is truncated or corrupt (${(e as Error).message})`,
        { cause: e },
      );
    }
    throw e;
  } finally {
    // A consumer that stops early leaves a piece under way: it fails on the closed handle (a
    // running read frees the memory when it completes) and the raw input ends with the stream.
    next?.catch(() => undefined);
    ahead.catch(() => undefined);
    z.close();
    void raw.return(undefined).catch(() => undefined);
  }
}

async function* gunzip(
  raw: AsyncGenerator<Buffer>,
  input: Readable,
  chunkSize: number,
): AsyncGenerator<Buffer> {
  // Stream options reach the Transform underneath (Node's types only list zlib's own).
  const z = createGunzip({
    chunkSize,
    readableHighWaterMark: GUNZIP_READ_AHEAD,
    writableHighWaterMark: GUNZIP_INPUT_AHEAD,
  } as ZlibOptions);
  const src = Readable.from(raw, { objectMode: false });
  // Errors of either side surface through the iteration of `z` below.
  pipeline(src, z, () => undefined);
  try {
    for await (const out of z) {
      yield out as Buffer;
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code?.startsWith('Z_') || /unexpected end of file/.test(err.message)) {
      throw new FlowError(
        'FLOW_DECODE_CORRUPT',
        `gzip data is truncated or corrupt (${err.message})`,
        {
          cause: e,
        },
      );
    }
    throw e;
  } finally {
    src.destroy();
    z.destroy();
    input.destroy();
  }
}
