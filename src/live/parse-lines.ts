import type { FlowRecord } from '../model/flow-record.ts';
import { countSkip, type IngestStats } from '../model/ingest-stats.ts';
import { FlowLineParser, LineKind } from '../sources/decode/flow-line-parser.ts';
import type { Layout } from '../sources/decode/log-format.ts';

/** What each coverage line kind adds to the stats, as data. */
const COUNTED: Partial<Record<LineKind, 'nodata' | 'skipdata'>> = {
  [LineKind.NODATA]: 'nodata',
  [LineKind.SKIPDATA]: 'skipdata',
};

/** A parser session: feed lines (byte ranges), take the flows found so far. */
export interface LineParser {
  line(buf: Buffer, start: number, end: number): void;
  tooLong(): void;
  take(): FlowRecord[];
}

/**
 * The core parser with the configured log format (a delivered header line switches it), over a
 * stream of lines. NODATA/SKIPDATA and bad lines are counted in `stats`, never thrown.
 */
export function createLineParser(layout: Layout, stats: IngestStats): LineParser {
  const parser = new FlowLineParser(layout);
  let out: FlowRecord[] = [];
  return {
    line(buf, s, e) {
      const kind = parser.parse(buf, s, e);
      if (kind === LineKind.HEADER || kind === LineKind.BLANK) {
        return;
      }
      stats.records++;
      if (kind === LineKind.FLOW) {
        stats.kept++;
        out.push(parser.toRecord());
      } else if (kind === LineKind.SKIP) {
        countSkip(stats, parser.skipReason);
      } else {
        stats[COUNTED[kind]!]++;
      }
    },
    tooLong() {
      stats.records++;
      countSkip(stats, 'line_too_long');
    },
    take() {
      const batch = out;
      out = [];
      return batch;
    },
  };
}

/**
 * Parses delivered lines (CloudWatch log events, Firehose records) into flow records. Each line
 * is encoded into one scratch buffer, reused for the whole delivery (the parser turns a line
 * into a record before the next is written), rather than a new buffer per line.
 */
export function parseLines(
  lines: readonly string[],
  layout: Layout,
  stats: IngestStats,
): FlowRecord[] {
  const p = createLineParser(layout, stats);
  let longest = 0;
  for (const line of lines) {
    longest = Math.max(longest, line.length);
  }
  // UTF-8 needs at most 3 bytes per UTF-16 code unit.
  const buf = Buffer.allocUnsafe(longest * 3);
  for (const line of lines) {
    const end = buf.write(line, 0, 'utf8');
    p.line(buf, 0, end);
  }
  return p.take();
}
