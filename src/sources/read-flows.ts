import type { FlowRecord, TimeWindow } from '../model/flow-record.ts';
import { FlowError, isFlowError } from '../model/errors.ts';
import { countSkip, createIngestStats, type IngestStats } from '../model/ingest-stats.ts';
import { DEFAULT_MAX_DECODED_BYTES, RECOVERY_CHUNK, decodeStream } from './decode/compression.ts';
import { FlowLineParser, LineKind } from './decode/flow-line-parser.ts';
import { MAX_ENVELOPE_BYTES, decodeJsonEnvelope } from './decode/json-envelope.ts';
import { LineSplitter } from './decode/line-splitter.ts';
import type { ChunkScanner, ChunkScannerFactory } from './decode/chunk-scanner.ts';
import { bufferObject } from './decode/parquet-buffer.ts';
import { openParquetLines } from './decode/parquet-lines.ts';
import { DEFAULT_LAYOUT, compileLayout, type Layout } from './decode/log-format.ts';
import type { LogObject, Source } from './source.ts';

export interface ReadOptions {
  /** Keep only records whose `start` lies in `[start, stop)`. */
  readonly window?: TimeWindow;
  /** Format of headerless input (CloudWatch, Firehose, plain lines); default: v2. */
  readonly logFormat?: Layout;
  readonly maxDecodedBytes?: number;
  readonly signal?: AbortSignal;
  /** Filled in as reading goes; pass one in to watch progress. */
  readonly stats?: IngestStats;
  /** Called after every decoded chunk (cheap; throttle in the caller). */
  readonly onProgress?: (stats: IngestStats) => void;
  /** Replaces the line splitter (the digest's WebAssembly kernel); default: JS only. */
  readonly scanner?: ChunkScannerFactory;
}

/** Receives each kept flow line; the parser's accessors are valid only during the call. */
export type FlowHandler = (line: FlowLineParser) => void;

const MAX_ERRORS_KEPT = 20;

function noteError(stats: IngestStats, name: string, reason: string, e: unknown): void {
  countSkip(stats, reason);
  stats.errors ??= [];
  if (stats.errors.length < MAX_ERRORS_KEPT) {
    stats.errors.push(`${name}: ${(e as Error).message}`);
  }
}

/** Maps a decoding failure to the skip reason reported for the object. */
function failureReason(e: unknown): string {
  if (isFlowError(e, 'FLOW_DECODE_CORRUPT')) {
    return 'truncated_gzip';
  }
  if (isFlowError(e, 'FLOW_DECODE_TOO_LARGE')) {
    return 'decoded_too_large';
  }
  return 'unreadable_object';
}

class ObjectReader {
  readonly parser: FlowLineParser;

  constructor(
    layout: Layout,
    private readonly stats: IngestStats,
    private readonly window: TimeWindow | undefined,
    private readonly onFlow: FlowHandler,
  ) {
    this.parser = new FlowLineParser(layout);
  }

  line = (buf: Buffer, s: number, e: number): void => {
    const kind = this.parser.parse(buf, s, e);
    if (kind === LineKind.FLOW) {
      this.stats.records++;
      if (this.inWindow()) {
        this.stats.kept++;
        this.onFlow(this.parser);
      }
    } else if (kind === LineKind.SKIP) {
      this.stats.records++;
      countSkip(this.stats, this.parser.skipReason);
    } else if (kind === LineKind.NODATA || kind === LineKind.SKIPDATA) {
      this.stats.records++;
      if (this.inWindow()) {
        this.coverage(kind === LineKind.NODATA ? 'nodata' : 'skipdata');
      }
    }
  };

  tooLong = (): void => {
    this.stats.records++;
    countSkip(this.stats, 'line_too_long');
  };

  private inWindow(): boolean {
    const w = this.window;
    if (!w) {
      return true;
    }
    const t = this.parser.startTime;
    if (t === null) {
      countSkip(this.stats, 'no_start_time');
      return false;
    }
    if (t < w.start || t >= w.stop) {
      countSkip(this.stats, 'out_of_window');
      return false;
    }
    return true;
  }

  private coverage(kind: 'nodata' | 'skipdata'): void {
    const p = this.parser;
    this.stats[kind]++;
    const eni = p.str(p.layout.col('interfaceId')) ?? p.str(p.layout.col('resourceId')) ?? '-';
    const c = (this.stats.coverage[eni] ??= { nodata: 0, skipdata: 0, start: Infinity, end: 0 });
    c[kind]++;
    c.start = Math.min(c.start, p.startTime ?? Infinity);
    c.end = Math.max(c.end, p.endTime ?? 0);
  }
}

function firstByte(chunk: Buffer): number {
  for (let i = 0; i < chunk.length; i++) {
    const c = chunk[i]!;
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) {
      return c;
    }
  }
  return -1;
}

function isParquet(chunk: Buffer): boolean {
  return chunk.length >= 4 && chunk.toString('latin1', 0, 4) === 'PAR1';
}

/** What an object holds, judged by its declared envelope and its first decoded bytes. */
function contentOf(obj: LogObject, head: Buffer): 'parquet' | 'envelope' | 'text' {
  if (obj.envelope === 'parquet' || isParquet(head)) {
    return 'parquet';
  }
  const fb = firstByte(head);
  if (obj.envelope === 'cloudwatch' || obj.envelope === 'firehose' || fb === 123 || fb === 91) {
    return 'envelope';
  }
  return 'text';
}

async function* readEnvelope(
  first: Buffer,
  rest: AsyncGenerator<Buffer>,
  reader: ObjectReader,
  stats: IngestStats,
): AsyncGenerator<void> {
  const parts = [first];
  let size = first.length;
  for await (const c of rest) {
    size += c.length;
    if (size > MAX_ENVELOPE_BYTES) {
      throw new FlowError(
        'FLOW_DECODE_TOO_LARGE',
        `JSON envelope exceeds ${MAX_ENVELOPE_BYTES} bytes`,
      );
    }
    parts.push(c);
  }
  const found = decodeJsonEnvelope(Buffer.concat(parts, size).toString('utf8'));
  for (const [reason, n] of Object.entries(found.skipped)) {
    countSkip(stats, reason, n);
  }
  for (const line of found.lines) {
    const b = Buffer.from(line, 'utf8');
    reader.line(b, 0, b.length);
  }
  yield;
}

async function* prepend(first: Buffer, rest: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  yield* rest;
}

/**
 * Parquet objects: buffered for random access (memory up to a cap, then a temp file; see
 * `parquet-buffer.ts`), then rendered as header + text lines for the same parser.
 */
async function* readParquet(
  first: Buffer,
  rest: AsyncGenerator<Buffer>,
  reader: ObjectReader,
  splitter: ChunkScanner,
  opts: ReadOptions,
): AsyncGenerator<void> {
  const max = opts.maxDecodedBytes ?? DEFAULT_MAX_DECODED_BYTES;
  const buffered = await bufferObject(prepend(first, rest), max);
  try {
    const parquet = await openParquetLines(buffered.file);
    reader.parser.setLayout(compileLayout(parquet.header));
    for await (const lines of parquet.lines()) {
      splitter.push(lines);
      yield;
    }
  } finally {
    await buffered.close();
  }
}

async function* readObject(
  obj: LogObject,
  opts: ReadOptions,
  stats: IngestStats,
  onFlow: FlowHandler,
): AsyncGenerator<void> {
  const layout = obj.format ? compileLayout(obj.format) : (opts.logFormat ?? DEFAULT_LAYOUT);
  const reader = new ObjectReader(layout, stats, opts.window, onFlow);
  const splitter: ChunkScanner = opts.scanner
    ? opts.scanner(reader, stats)
    : new LineSplitter(reader.line, reader.tooLong);
  /** Decoded text bytes handed to the splitter; -1 once the object is known not to be text. */
  let textBytes = 0;
  /** The decoder gave every byte before a fault: a truncated object needs no second pass. */
  let keepsTail = false;
  try {
    const stream = await obj.open(opts.signal);
    const decoded = await decodeStream(
      stream,
      stats,
      opts.maxDecodedBytes ?? DEFAULT_MAX_DECODED_BYTES,
    );
    keepsTail = decoded.keepsTail;
    const chunks = decoded.chunks();
    const head = await chunks.next();
    if (head.done) {
      return;
    }
    const kind = contentOf(obj, head.value);
    if (kind !== 'text') {
      textBytes = -1;
    }
    if (kind === 'parquet') {
      yield* readParquet(head.value, chunks, reader, splitter, opts);
      return;
    }
    if (kind === 'envelope') {
      yield* readEnvelope(head.value, chunks, reader, stats);
      return;
    }
    textBytes += head.value.length;
    splitter.push(head.value);
    if (splitter.sink && decoded.sinkInto) {
      // Text for the native kernel: the rest is inflated straight into it.
      decoded.sinkInto(splitter.sink);
    }
    yield;
    for await (const chunk of chunks) {
      textBytes += chunk.length;
      splitter.push(chunk);
      yield;
    }
  } catch (e) {
    if (opts.signal?.aborted) {
      throw e;
    }
    if (textBytes >= 0 && !keepsTail && isFlowError(e, 'FLOW_DECODE_CORRUPT')) {
      yield* recoverTail(obj, opts, stats, splitter, textBytes);
    }
    noteError(
      stats,
      obj.name,
      isFlowError(e, 'FLOW_SOURCE_UNSUPPORTED') ? 'unsupported_object' : failureReason(e),
      e,
    );
  } finally {
    splitter.end();
  }
}

/**
 * A truncated gzip object loses the output of zlib's last call (up to one decode chunk; the
 * native gunzip loses nothing, and this pass is skipped for it). When
 * the object can be opened again (it has a size: files, S3, memory; not stdin) it is decoded
 * once more in small chunks and what follows the `done` bytes already read is passed on, so
 * at most {@link RECOVERY_CHUNK} bytes before the truncation stay lost. Best effort: the second
 * pass ends with the same error, and any failure of it leaves the object as it was.
 */
async function* recoverTail(
  obj: LogObject,
  opts: ReadOptions,
  stats: IngestStats,
  splitter: ChunkScanner,
  done: number,
): AsyncGenerator<void> {
  if (obj.size === undefined) {
    return;
  }
  let seen = 0;
  try {
    const stream = await obj.open(opts.signal);
    const counters = { bytesIn: 0, bytesDecoded: 0 };
    const max = opts.maxDecodedBytes ?? DEFAULT_MAX_DECODED_BYTES;
    const decoded = await decodeStream(stream, counters, max, RECOVERY_CHUNK);
    for await (const chunk of decoded.chunks()) {
      if (seen === 0 && done === 0 && contentOf(obj, chunk) !== 'text') {
        return;
      }
      const end = seen + chunk.length;
      if (end > done) {
        const tail = chunk.subarray(Math.max(0, done - seen));
        stats.bytesDecoded += tail.length;
        splitter.push(tail);
        yield;
      }
      seen = end;
    }
  } catch {
    // Expected: the same truncation ends the second pass.
  }
}

/**
 * The reading loop shared by every consumer: finds objects, decodes them, parses lines and
 * hands each kept flow to `onFlow`. Yields after every chunk so callers can batch and so
 * progress and cancellation are checked often. Bad data is counted in `stats`, never thrown;
 * only an unusable source (missing path, failed listing) throws.
 */
export async function* scanChunks(
  sources: readonly Source[],
  opts: ReadOptions,
  onFlow: FlowHandler,
): AsyncGenerator<IngestStats> {
  const stats = opts.stats ?? createIngestStats();
  for (const source of sources) {
    const ctx = {
      stats,
      ...(opts.window ? { window: opts.window } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    };
    for await (const obj of source.objects(ctx)) {
      stats.objects++;
      for await (const _ of readObject(obj, opts, stats, onFlow)) {
        opts.signal?.throwIfAborted();
        opts.onProgress?.(stats);
        yield stats;
      }
    }
  }
  opts.onProgress?.(stats);
}

/** Runs {@link scanChunks} to the end and returns the final statistics. */
export async function scanFlows(
  sources: readonly Source[],
  opts: ReadOptions,
  onFlow: FlowHandler,
): Promise<IngestStats> {
  let stats = opts.stats ?? createIngestStats();
  for await (const s of scanChunks(sources, { ...opts, stats }, onFlow)) {
    stats = s;
  }
  return stats;
}

/** Kept flow records in batches (one per decoded chunk). NODATA/SKIPDATA never appear. */
export async function* readFlows(
  sources: readonly Source[],
  opts: ReadOptions = {},
): AsyncGenerator<FlowRecord[]> {
  let batch: FlowRecord[] = [];
  for await (const _ of scanChunks(sources, opts, (p) => batch.push(p.toRecord()))) {
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) {
    yield batch;
  }
}
