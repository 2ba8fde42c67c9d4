import type { JobParams } from './job.ts';
import type { JobKind } from './job-kind.ts';
import { diffKind } from './kinds/diff-kind.ts';
import { digestKind } from './kinds/digest-kind.ts';
import { graphKind } from './kinds/graph-kind.ts';
import { uuidV5 } from './uuid-v5.ts';

/** Every job kind, by name (also the compatible route: `/digest`, `/graph`, `/diff`). */
export const jobKinds = {
  digest: digestKind,
  graph: graphKind,
  diff: diffKind,
} as const;

export type JobKindName = keyof typeof jobKinds;
export const JOB_KIND_NAMES = Object.keys(jobKinds) as JobKindName[];

export function isJobKindName(name: string): name is JobKindName {
  return Object.hasOwn(jobKinds, name);
}

/** The kind's definition, typed loosely for generic code (routes, workers). */
export function jobKind(name: JobKindName): JobKind<JobParams> {
  return jobKinds[name] as unknown as JobKind<JobParams>;
}

/** Upstream-compatible ID: `UUIDv5(UUIDv5(nil, kind), idName(params))`. */
export function jobId(kind: JobKind<JobParams>, params: JobParams): string {
  return uuidV5(kind.namespace, kind.idName(params));
}
