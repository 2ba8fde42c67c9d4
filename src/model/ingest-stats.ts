/**
 * What reading produced, for reporting: nothing is dropped without being counted here.
 * `skipped` maps a low-cardinality reason code to a count.
 */
export interface IngestStats {
  /** Data lines seen (header lines excluded). */
  records: number;
  /** Records that passed parsing and every filter and reached the consumer. */
  kept: number;
  /** Records or objects dropped, by reason. */
  skipped: Record<string, number>;
  /** NODATA / SKIPDATA coverage records (counted, never parsed as flows). */
  nodata: number;
  skipdata: number;
  /** Coverage by interface: eni → counts, and the time span they covered. */
  coverage: Record<string, { nodata: number; skipdata: number; start: number; end: number }>;
  /** Log objects (files, S3 objects, payloads) opened. */
  objects: number;
  /** Compressed bytes read and decompressed bytes parsed. */
  bytesIn: number;
  bytesDecoded: number;
  /** The first few object-level errors, `name: message`, for the report. */
  errors?: string[];
}

export function createIngestStats(): IngestStats {
  return {
    records: 0,
    kept: 0,
    skipped: {},
    nodata: 0,
    skipdata: 0,
    coverage: {},
    objects: 0,
    bytesIn: 0,
    bytesDecoded: 0,
  };
}

export function countSkip(stats: IngestStats, reason: string, n = 1): void {
  stats.skipped[reason] = (stats.skipped[reason] ?? 0) + n;
}

export function totalSkipped(stats: IngestStats): number {
  let n = 0;
  for (const v of Object.values(stats.skipped)) {
    n += v;
  }
  return n;
}

/**
 * Skip reasons that are selection, not bad input: records or objects outside the requested
 * window, empty objects, CloudWatch control messages. `--strict` ignores them.
 */
export const FILTER_REASONS: ReadonlySet<string> = new Set([
  'out_of_window',
  'key_out_of_window',
  'empty_object',
  'control_message',
]);

/** Skips caused by bad or unreadable input (everything but {@link FILTER_REASONS}). */
export function problemSkips(stats: IngestStats): number {
  let n = 0;
  for (const [reason, v] of Object.entries(stats.skipped)) {
    if (!FILTER_REASONS.has(reason)) {
      n += v;
    }
  }
  return n;
}
