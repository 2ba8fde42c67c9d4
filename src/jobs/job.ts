import type { JobTime } from './job-time.ts';

/** A time window of a digest or graph job, both ends truncated to the minute. */
export interface WindowParams {
  readonly start: JobTime;
  readonly stop: JobTime;
}

/** The two windows a diff compares. */
export interface DiffParams {
  readonly previous: WindowParams;
  readonly next: WindowParams;
}

export type JobParams = WindowParams | DiffParams;

/** One unit of work: what to compute and the ID its result is stored under. */
export interface Job<P extends JobParams = JobParams> {
  readonly kind: string;
  readonly id: string;
  readonly params: P;
}

export function isDiffParams(p: JobParams): p is DiffParams {
  return 'previous' in p;
}
