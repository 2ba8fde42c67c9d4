import type { ResultStore } from './result-store.ts';

export const MARKER_SUFFIX = '_in_progress';

/** Clock in milliseconds; tests pass their own. */
export type Clock = () => number;

/** Go's RFC3339Nano for a millisecond instant: trailing zeros of the fraction dropped. */
export function formatRfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}

/** Parses a marker body; anything unparsable is the zero time, i.e. an expired marker. */
function markedAt(body: Uint8Array | undefined): number {
  if (!body) {
    return Number.NaN;
  }
  const ms = Date.parse(Buffer.from(body).toString('utf8').trim());
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

/** In-progress markers as upstream: `<id>_in_progress`, body = when it was marked. */
export interface Markers {
  mark(id: string): Promise<void>;
  unmark(id: string): Promise<void>;
  /** True while `now < markedAt + timeout`; a missing or unparsable marker is not in progress. */
  inProgress(id: string): Promise<boolean>;
}

export function createMarkers(
  store: ResultStore,
  timeoutMs: number,
  clock: Clock = Date.now,
): Markers {
  return {
    mark: (id) =>
      store.put(id + MARKER_SUFFIX, Buffer.from(formatRfc3339Nano(clock())), 'text/plain'),
    unmark: (id) => store.delete(id + MARKER_SUFFIX),
    async inProgress(id) {
      const at = markedAt(await store.get(id + MARKER_SUFFIX));
      return !Number.isNaN(at) && clock() < at + timeoutMs;
    },
  };
}
