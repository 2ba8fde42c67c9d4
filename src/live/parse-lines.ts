import type { FlowRecord } from '../model/flow-record.ts';
import { countSkip, type IngestStats } from '../model/ingest-stats.ts';
import { FlowLineParser, LineKind } from '../sources/decode/flow-line-parser.ts';
import type { Layout } from '../sources/decode/log-format.ts';

/** What each line kind does to the stats, as data. */
const COUNTED: Partial<Record<LineKind, 'nodata' | 'skipdata'>> = {
  [LineKind.NODATA]: 'nodata',
  [LineKind.SKIPDATA]: 'skipdata',
};

/**
 * Parses delivered flow-log lines with the core parser and the configured log format (a header
 * line, if one is delivered, switches it). Flows are returned; NODATA/SKIPDATA and bad lines
 * are counted in `stats`, never thrown.
 */
export function parseLines(
  lines: readonly string[],
  layout: Layout,
  stats: IngestStats,
): FlowRecord[] {
  const parser = new FlowLineParser(layout);
  const out: FlowRecord[] = [];
  for (const line of lines) {
    const buf = Buffer.from(line, 'utf8');
    const kind = parser.parse(buf, 0, buf.length);
    if (kind === LineKind.HEADER || kind === LineKind.BLANK) {
      continue;
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
  }
  return out;
}
