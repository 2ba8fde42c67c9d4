import type { IngestStats } from '../../model/ingest-stats.ts';
import type { InflateSink } from './compression.ts';
import type { FlowLineParser } from './flow-line-parser.ts';
import type { LineHandler } from './line-splitter.ts';

/** Turns an object's decoded chunks into lines (the default is `LineSplitter`). */
export interface ChunkScanner {
  push(chunk: Buffer): void;
  /** The object ended: flush a last line that had no newline. */
  end(): void;
  /**
   * Set when the scanner can take bytes straight from the native gunzip (the native digest
   * kernel): the reading loop then hands it a gzip object's pieces that way.
   */
  readonly sink?: InflateSink;
}

/** Where a scanner sends the lines it does not handle itself: the reading loop's JS path. */
export interface LineSink {
  /** The parser of the object being read; its layout changes when a header line is seen. */
  readonly parser: FlowLineParser;
  readonly line: LineHandler;
  readonly tooLong: () => void;
}

/**
 * Lets a consumer take over line handling for speed (the digest's WebAssembly kernel): it must
 * count what it handles in `stats` exactly as the JS path would, and hand every other line to
 * the sink.
 */
export type ChunkScannerFactory = (sink: LineSink, stats: IngestStats) => ChunkScanner;
