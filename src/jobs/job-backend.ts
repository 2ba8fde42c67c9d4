import type { JobRecords } from './job-records.ts';
import type { Markers } from './markers.ts';
import type { ResultStore } from './result-store.ts';

/**
 * Where one kind's results, markers and records live. Upstream kept each service in its own
 * buckets (`DIGEST_STORAGE_BUCKET`, `GRAPH_PROGRESS_BUCKET`, …), so backends are per kind.
 */
export interface JobBackend {
  readonly store: ResultStore;
  readonly markers: Markers;
  readonly records: JobRecords;
}

export type BackendFor = (kind: string) => JobBackend;
