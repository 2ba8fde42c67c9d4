import { FlowError } from '../model/errors.ts';

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * A job time: an instant truncated to the minute, plus the UTC offset the client wrote it in.
 * The offset matters for compatibility: upstream IDs hash Go's `Time.String()`, which prints it.
 */
export interface JobTime {
  /** Unix seconds, a multiple of 60. */
  readonly seconds: number;
  /** Offset east of UTC in minutes; `null` for `Z`/`+00:00` (Go prints `+0000 UTC`). */
  readonly offsetMinutes: number | null;
}

function fail(what: string, text: string): never {
  throw new FlowError('FLOW_TIME_INVALID', `${what} '${text}' is not an RFC 3339 time`);
}

function parseOffset(m: RegExpExecArray): number | null {
  if (m[8] !== undefined) {
    return null;
  }
  const minutes = Number(m[10]) * 60 + Number(m[11]);
  if (Number(m[10]) > 23 || Number(m[11]) > 59) {
    return Number.NaN;
  }
  const signed = m[9] === '-' ? -minutes : minutes;
  return signed === 0 ? null : signed;
}

/** Parses RFC 3339 (optional fraction, `Z` or an offset) and truncates it to the minute. */
export function parseJobTime(text: string, what = 'time'): JobTime {
  const m = RFC3339.exec(text);
  if (!m) {
    fail(what, text);
  }
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  const offset = parseOffset(m);
  const utc = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  const check = new Date(utc);
  const valid =
    check.getUTCMonth() === mo! - 1 && check.getUTCDate() === d! && h! < 24 && mi! < 60 && s! < 60;
  if (!valid || Number.isNaN(offset)) {
    fail(what, text);
  }
  const seconds = Math.floor((utc / 1000 - (offset ?? 0) * 60) / 60) * 60;
  return { seconds, offsetMinutes: offset };
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

function wallClock(t: JobTime): Date {
  return new Date((t.seconds + (t.offsetMinutes ?? 0) * 60) * 1000);
}

function dateTime(t: JobTime, sep: string): string {
  const w = wallClock(t);
  const date = `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`;
  return `${date}${sep}${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}`;
}

function offsetText(t: JobTime, colon: boolean): string {
  const o = t.offsetMinutes ?? 0;
  return `${o < 0 ? '-' : '+'}${pad(Math.trunc(o / 60))}${colon ? ':' : ''}${pad(o % 60)}`;
}

/**
 * Go's `Time.String()` for a truncated time: `2019-01-01 00:00:00 +0000 UTC`, or
 * `2019-01-01 02:00:00 +0200 +0200` for a fixed offset (the server's zone is assumed to be UTC).
 */
export function goTimeString(t: JobTime): string {
  const zone = t.offsetMinutes === null ? 'UTC' : offsetText(t, false);
  return `${dateTime(t, ' ')} ${offsetText(t, false)} ${zone}`;
}

/** Go's `RFC3339Nano` for a truncated time, keeping the client's offset: `…T00:00:00Z`. */
export function formatJobTime(t: JobTime): string {
  return `${dateTime(t, 'T')}${t.offsetMinutes === null ? 'Z' : offsetText(t, true)}`;
}
