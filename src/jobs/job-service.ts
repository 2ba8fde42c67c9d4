import { FlowError } from '../model/errors.ts';
import type { JobParams } from './job.ts';
import type { JobKind } from './job-kind.ts';
import { jobId } from './job-kinds.ts';
import type { JobPublisher } from './job-queue.ts';
import type { BackendFor } from './job-backend.ts';

export type SubmitOutcome = 'queued' | 'exists' | 'in_progress';
export type FetchResult =
  | { readonly outcome: 'done'; readonly id: string; readonly body: Uint8Array }
  | { readonly outcome: 'in_progress' | 'not_found'; readonly id: string };

export interface JobServiceDeps {
  readonly backendFor: BackendFor;
  readonly queue: JobPublisher;
}

/** The API side of jobs: upstream's POST and GET sequences, with Q2 fixed. */
export interface JobService {
  submit(kind: JobKind, params: JobParams): Promise<{ outcome: SubmitOutcome; id: string }>;
  fetch(kind: JobKind, params: JobParams, suffix?: string): Promise<FetchResult>;
  readonly deps: JobServiceDeps;
}

export function createJobService(deps: JobServiceDeps): JobService {
  const { backendFor, queue } = deps;
  return {
    deps,
    async submit(kind, params) {
      const id = jobId(kind, params);
      const { store, markers, records } = backendFor(kind.name);
      if (await markers.inProgress(id)) {
        return { outcome: 'in_progress', id };
      }
      if (await store.exists(id + kind.suffix)) {
        return { outcome: 'exists', id };
      }
      // Mark before queuing (upstream marked after, so a fast worker's unmark could be undone: Q2).
      await markers.mark(id);
      const payload = kind.toPayload(id, params);
      try {
        await records.update(id, { kind: kind.name, payload, state: 'queued' });
        await queue.enqueue({ kind: kind.name, id, payload });
      } catch (e) {
        await markers.unmark(id).catch(() => undefined);
        throw new FlowError('FLOW_QUEUE', `cannot queue ${kind.name} ${id}`, { cause: e });
      }
      return { outcome: 'queued', id };
    },
    async fetch(kind, params, suffix = kind.suffix) {
      const id = jobId(kind, params);
      const { store, markers } = backendFor(kind.name);
      // A stored result is final, so it wins over any marker (a stale one cannot hide it).
      const body = await store.get(id + suffix);
      if (body) {
        return { outcome: 'done', id, body };
      }
      return { outcome: (await markers.inProgress(id)) ? 'in_progress' : 'not_found', id };
    },
  };
}
