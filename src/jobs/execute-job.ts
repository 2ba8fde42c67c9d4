import { FlowError } from '../model/errors.ts';
import type { JobRunDeps } from './job-kind.ts';
import { isJobKindName, jobKind } from './job-kinds.ts';
import type { QueuedJob } from './job-queue.ts';
import type { BackendFor } from './job-backend.ts';

export interface ExecuteDeps {
  readonly backendFor: BackendFor;
  readonly run: JobRunDeps;
}

export type ExecuteOutcome = 'done' | 'already_done';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Validates a worker body with the same rule the API uses (Q3). Throws FLOW_JOB_INVALID. */
export function parseQueuedJob(kindName: string, body: unknown): QueuedJob {
  if (!isJobKindName(kindName)) {
    throw new FlowError('FLOW_JOB_INVALID', `unknown job kind '${kindName}'`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new FlowError('FLOW_JOB_INVALID', 'the job body must be a JSON object');
  }
  const fields = body as Record<string, unknown>;
  const get = (k: string) => (typeof fields[k] === 'string' ? (fields[k] as string) : undefined);
  const id = get('id') ?? '';
  if (id === '') {
    throw new FlowError('FLOW_JOB_INVALID', 'missing ID field');
  }
  if (!UUID.test(id)) {
    throw new FlowError('FLOW_JOB_INVALID', `invalid ID '${id}'`);
  }
  const kind = jobKind(kindName);
  const params = kind.fromPayload(get);
  return { kind: kindName, id, payload: kind.toPayload(id, params) };
}

/**
 * The worker's step (upstream's `POST /{topic}/{event}`): run the job, store every artefact then
 * the result (so the result's presence implies the rest), record it and unmark. A job whose
 * result already exists is not run again, so each result is stored once.
 */
export async function executeJob(job: QueuedJob, deps: ExecuteDeps): Promise<ExecuteOutcome> {
  const checked = parseQueuedJob(job.kind, job.payload);
  const kind = jobKind(checked.kind as Parameters<typeof jobKind>[0]);
  const key = checked.id + kind.suffix;
  const { store, markers, records } = deps.backendFor(kind.name);
  const base = { kind: kind.name, payload: checked.payload };
  if (await store.exists(key)) {
    await markers.unmark(checked.id);
    return 'already_done';
  }
  const before = await records.get(checked.id);
  await records.update(checked.id, {
    ...base,
    state: 'running',
    attempts: (before?.attempts ?? 0) + 1,
  });
  const params = kind.fromPayload((k) => checked.payload[k]);
  const output = await kind.run(params, deps.run);
  for (const a of output.artefacts ?? []) {
    await store.put(checked.id + a.suffix, a.body);
  }
  await store.put(key, output.body);
  await records.update(checked.id, {
    ...base,
    state: 'done',
    ...(output.summary ? { summary: output.summary } : {}),
  });
  await markers.unmark(checked.id);
  return 'done';
}
