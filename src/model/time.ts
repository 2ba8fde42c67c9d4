import { FlowError } from './errors.ts';

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parses an RFC 3339 timestamp (optional fractional seconds, `Z` or an offset) into Unix
 * seconds (fractions kept). Anything else is a `FLOW_TIME_INVALID` error naming the input.
 */
export function parseRfc3339(text: string, what = 'time'): number {
  const m = RFC3339.exec(text.trim());
  const ms = m ? Date.parse(text.trim().replace(' ', 'T')) : NaN;
  if (!m || Number.isNaN(ms) || Number(m[2]) > 12 || Number(m[3]) > 31 || Number(m[4]) > 23) {
    throw new FlowError(
      'FLOW_TIME_INVALID',
      `${what} '${text}' is not an RFC 3339 time (e.g. 2026-11-22T14:00:00Z)`,
    );
  }
  return ms / 1000;
}

/** Truncates Unix seconds to the start of their minute. */
export function truncateToMinute(seconds: number): number {
  return Math.floor(seconds / 60) * 60;
}

/** Unix seconds → `2026-11-22T14:00:00Z`. */
export function formatRfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}
