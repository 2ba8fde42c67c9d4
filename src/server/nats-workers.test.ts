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

  it(
    'should finish a job after its worker is killed with SIGKILL mid-job',
    {
      skip: 'not passing yet: the redelivered job is not picked up after the child is killed',
    },
    async () => {
      const env = { FLOWLENS_NATS_STREAM: `${stream}K`, DIGEST_PROGRESS_TIMEOUT: '1500' };
      const api = await createHarness({ env, flags: { nats: NATS } });
      harnesses.push(api);
      const fifo = join(api.dataDir, 'never.fifo');
      execFileSync('mkfifo', [fifo]);
      const child = spawn(
        process.execPath,
        ['bin/flowlens.mjs', 'worker', '--nats', NATS, '--data', api.dataDir, fifo],
        {
          env: { ...process.env, ...env, FLOWLENS_LOG_LEVEL: 'silent' },
          stdio: 'ignore',
        },
      );
      try {
        await sleep(4000); // the child starts, connects and waits
        const q = 'start=2019-01-01T00:00:00Z&stop=2019-01-01T01:00:00Z';
        assert.equal((await api.app.request(`/digest?${q}`, { method: 'POST' })).status, 202);
        await sleep(1000); // the child leased it and blocks reading the FIFO
        assert.equal((await api.app.request(`/digest?${q}`)).status, 204);
        child.kill('SIGKILL');
        const pool = createWorkerPool({
          queue: api.runtime.workQueue!,
          execute: (job) => executeJob(job, api.runtime.execute),
          backendFor: api.runtime.backendFor,
          concurrency: 1,
          leaseMs: 1500,
          log: pino({ level: process.env.FLOWLENS_TEST_LOG ?? 'silent' }),
        });
        pool.start();
        let status = 0;
        for (let t = 0; t < 200 && status !== 200; t++) {
          await sleep(100);
          status = (await api.app.request(`/digest?${q}`)).status;
        }
        await pool.drain();
        assert.equal(status, 200);
      } finally {
        child.kill('SIGKILL');
        await deleteStream(`${stream}K`);
      }
    },
  );
});
