import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { executeJob } from '../jobs/execute-job.ts';
import { jobId, jobKind } from '../jobs/job-kinds.ts';
import { parseWindow } from '../jobs/job-params.ts';
import { deleteStream } from '../jobs/queues/nats-test-stream.ts';
import type { ResultStore } from '../jobs/result-store.ts';
import { createWorkerPool } from '../jobs/worker-pool.ts';
import { createHarness, SAMPLE_T0, type Harness } from './service-harness.ts';

const NATS = process.env.FLOWLENS_TEST_NATS ?? 'nats://127.0.0.1:4222';
const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

function countingPuts(store: ResultStore, counts: Map<string, number>): void {
  const put = store.put.bind(store);
  store.put = async (key, body, ct) => {
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return put(key, body, ct);
  };
}

describe('NATS scale-out', () => {
  const stream = `FLOWLENS_TEST_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const harnesses: Harness[] = [];
  after(async () => {
    for (const h of harnesses) {
      await h.close();
    }
    await deleteStream(stream);
  });

  it('should store each of 20 jobs exactly once with two workers', async () => {
    const env = { FLOWLENS_NATS_STREAM: stream, DIGEST_PROGRESS_TIMEOUT: '5000' };
    const api = await createHarness({ env, flags: { nats: NATS } });
    harnesses.push(api);
    const counts = new Map<string, number>();
    countingPuts(api.runtime.backendFor('digest').store, counts);
    const log = pino({ level: 'silent' });
    const pools = [0, 1].map(() =>
      createWorkerPool({
        queue: api.runtime.workQueue!,
        execute: (job) => executeJob(job, api.runtime.execute),
        backendFor: api.runtime.backendFor,
        concurrency: 2,
        leaseMs: 5000,
        log,
      }),
    );
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const q = `start=${iso(SAMPLE_T0 + i * 60)}&stop=${iso(SAMPLE_T0 + i * 60 + 600)}`;
      assert.equal((await api.app.request(`/digest?${q}`, { method: 'POST' })).status, 202);
      assert.equal((await api.app.request(`/digest?${q}`, { method: 'POST' })).status, 409);
      ids.push(
        jobId(
          jobKind('digest'),
          parseWindow(iso(SAMPLE_T0 + i * 60), iso(SAMPLE_T0 + i * 60 + 600)),
        ),
      );
    }
    pools.forEach((p) => p.start());
    for (let t = 0; t < 200 && ids.some((id) => !counts.has(`${id}.log.gz`)); t++) {
      await sleep(50);
    }
    await Promise.all(pools.map((p) => p.drain()));
    for (const id of ids) {
      assert.equal(counts.get(`${id}.log.gz`), 1, `${id} stored once`);
    }
  });

  it('should finish a job once, after the in-progress timeout, when its worker gets SIGKILL', async () => {
    const timeout = 1500;
    const env = { FLOWLENS_NATS_STREAM: `${stream}K`, DIGEST_PROGRESS_TIMEOUT: String(timeout) };
    const api = await createHarness({ env, flags: { nats: NATS } });
    harnesses.push(api);
    const counts = new Map<string, number>();
    countingPuts(api.runtime.backendFor('digest').store, counts);
    const fifo = join(api.dataDir, 'never.fifo');
    execFileSync('mkfifo', [fifo]);
    // The child's only source is a FIFO nobody writes to: it leases the job and blocks on it.
    const child = spawn(
      process.execPath,
      ['bin/flowlens.mjs', 'worker', '--nats', NATS, '--data', api.dataDir, fifo],
      { env: { ...process.env, ...env, FLOWLENS_LOG_LEVEL: 'silent' }, stdio: 'ignore' },
    );
    const pool = createWorkerPool({
      queue: api.runtime.workQueue!,
      execute: (job) => executeJob(job, api.runtime.execute),
      backendFor: api.runtime.backendFor,
      concurrency: 1,
      leaseMs: api.runtime.leaseMs,
      log: pino({ level: process.env.FLOWLENS_TEST_LOG ?? 'silent' }),
    });
    try {
      const records = api.runtime.backendFor('digest').records;
      const q = 'start=2019-01-01T00:00:00Z&stop=2019-01-01T01:00:00Z';
      const id = jobId(jobKind('digest'), parseWindow(iso(SAMPLE_T0), iso(SAMPLE_T0 + 3600)));
      await sleep(3000); // the child starts and connects
      assert.equal((await api.app.request(`/digest?${q}`, { method: 'POST' })).status, 202);
      for (let t = 0; t < 100 && (await records.get(id))?.state !== 'running'; t++) {
        await sleep(50);
      }
      assert.equal((await records.get(id))?.state, 'running', 'the child took the job');
      await sleep(timeout); // well past the child's first lease renewal
      assert.equal((await api.app.request(`/digest?${q}`)).status, 204, 'alive: in progress');
      child.kill('SIGKILL');
      const killed = Date.now();
      pool.start();
      let status = 0;
      for (let t = 0; t < 200 && status !== 200; t++) {
        await sleep(50);
        status = (await api.app.request(`/digest?${q}`)).status;
      }
      assert.equal(status, 200);
      const record = await records.get(id);
      assert.equal(record?.state, 'done');
      assert.equal(record?.attempts, 2, 'one attempt by the child, one by the pool');
      assert.equal(counts.get(`${id}.log.gz`), 1, 'stored exactly once');
      // The child renewed its lease at most a third of it before dying.
      assert.ok(Date.now() - killed >= (timeout * 2) / 3, 'not before the dead lease lapsed');
      await sleep(timeout * 2); // no third delivery
      assert.equal(counts.get(`${id}.log.gz`), 1);
      assert.equal((await records.get(id))?.attempts, 2);
    } finally {
      child.kill('SIGKILL');
      await pool.drain();
      await deleteStream(`${stream}K`);
    }
  });
});
