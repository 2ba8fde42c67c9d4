import type { ResultStore } from './result-store.ts';

export const JOB_RECORD_SUFFIX = '.job.json';

export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** What the native API shows about a job; kept beside its result as `<id>.job.json`. */
export interface JobRecord {
  readonly id: string;
  readonly kind: string;
  readonly state: JobState;
  /** The upstream worker body (the job's parameters). */
  readonly payload: Readonly<Record<string, string>>;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly attempts: number;
  readonly error?: string;
  readonly summary?: Record<string, unknown>;
}

export interface JobRecords {
  get(id: string): Promise<JobRecord | undefined>;
  /** Writes `changes` over the current record (or creates it). */
  update(
    id: string,
    changes: Partial<JobRecord> & Pick<JobRecord, 'kind' | 'payload'>,
  ): Promise<JobRecord>;
  list(): Promise<JobRecord[]>;
}

export function createJobRecords(store: ResultStore, clock: () => number = Date.now): JobRecords {
  const get = async (id: string): Promise<JobRecord | undefined> => {
    const body = await store.get(id + JOB_RECORD_SUFFIX);
    return body ? (JSON.parse(Buffer.from(body).toString('utf8')) as JobRecord) : undefined;
  };
  return {
    get,
    async update(id, changes) {
      const now = new Date(clock()).toISOString();
      const base = (await get(id)) ?? { id, state: 'queued', createdAt: now, attempts: 0 };
      const record = { ...base, ...changes, id, updatedAt: now } as JobRecord;
      await store.put(
        id + JOB_RECORD_SUFFIX,
        Buffer.from(JSON.stringify(record)),
        'application/json',
      );
      return record;
    },
    async list() {
      const out: JobRecord[] = [];
      for await (const key of store.list('')) {
        if (key.endsWith(JOB_RECORD_SUFFIX)) {
          const r = await get(key.slice(0, -JOB_RECORD_SUFFIX.length));
          if (r) {
            out.push(r);
          }
        }
      }
      return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    },
  };
}
