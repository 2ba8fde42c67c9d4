import type { KnownFields } from './fields.ts';

/**
 * One flow-log record. Only the fields present in the log's format are set; `null` means the
 * log said `-`. Fields the table does not know are kept, as text, under `extra` by their
 * canonical name. Timestamps are Unix seconds (millisecond values are normalised).
 */
export type FlowRecord = Partial<KnownFields> & {
  extra?: Record<string, string | null>;
};

/** `OK`, `NODATA` or `SKIPDATA` (upper-cased); anything else is kept as given. */
export type LogStatus = 'OK' | 'NODATA' | 'SKIPDATA';

/** A half-open time window `[start, stop)` in Unix seconds. */
export interface TimeWindow {
  readonly start: number;
  readonly stop: number;
}

/** True when a record with this `start` belongs to the window (or there is no window). */
export function inWindow(
  window: TimeWindow | undefined,
  start: number | null | undefined,
): boolean {
  if (!window) {
    return true;
  }
  return start != null && start >= window.start && start < window.stop;
}
