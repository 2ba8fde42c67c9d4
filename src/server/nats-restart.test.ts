import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { executeJob } from '../jobs/execute-job.ts';
import { startLocalNats, type LocalNats } from '../jobs/queues/nats-server-fixture.ts';
import { createWorkerPool, type WorkerPool } from '../jobs/worker-pool.ts';
import { createHarness, SAMPLE_T0, type Harness } from './service-harness.ts';

const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
const window = (i: number) => `start=${iso(SAMPLE_T0 + i * 60)}&stop=${iso(SAMPLE_T0 + 1800)}`;

async function statusWithin(h: Harness, path: string, want: number, ms: number): Promise<number> {
  let status = 0;
  for (const end = Date.now() + ms; Date.now() < end && status !== want;) {
    status = (await h.app.request(path)).status;
    if (status !== want) {
      await sleep(50);
    }
  }
  return status;
}

// A private broker (own port and store directory), so stopping it disturbs nobody else.
describe('NATS broker restart', () => {
  let nats: LocalNats;
  let h: Harness;
  let pool: WorkerPool | undefined;
  const puts = new Map<string, number>();
  before(async () => {
    nats = await startLocalNats();
    h = await createHarness({
      env: { DIGEST_PROGRESS_TIMEOUT: '5000' },
      flags: { nats: nats.url },
    });
    const store = h.runtime.backendFor('digest').store;
    const put = store.put.bind(store);
    store.put = async (key, body, ct) => {
      puts.set(key, (puts.get(key) ?? 0) + 1);
      return put(key, body, ct);
    };
  });
  after(async () => {
    await nats?.start().catch(() => undefined); // a failed test may have left it stopped
    await pool?.drain();
    await h?.close();
    await nats?.dispose();
  });

  it('should keep queued jobs, reconnect, and finish old and new jobs once each', async () => {
    const before = [0, 1, 2].map(window);
    for (const q of before) {
      assert.equal((await h.app.request(`/digest?${q}`, { method: 'POST' })).status, 202);
    }
    await nats.stop();
    assert.equal((await h.app.request('/readyz')).status, 503, 'not ready without a broker');
    pool = createWorkerPool({
      queue: h.runtime.workQueue!,
      execute: (job) => executeJob(job, h.runtime.execute),
      backendFor: h.runtime.backendFor,
      concurrency: 2,
      leaseMs: h.runtime.leaseMs,
      log: pino({ level: 'silent' }),
    });
    pool.start(); // pulls fail while the broker is down
    await sleep(1000);
    assert.equal((await h.app.request(`/digest?${before[0]}`)).status, 204);
    await nats.start();
    assert.equal(await statusWithin(h, '/readyz', 200, 10_000), 200, 'ready again');
    const afterRestart = [3, 4].map(window);
    for (const q of afterRestart) {
      assert.equal((await h.app.request(`/digest?${q}`, { method: 'POST' })).status, 202);
    }
    for (const q of [...before, ...afterRestart]) {
      assert.equal(await statusWithin(h, `/digest?${q}`, 200, 15_000), 200, q);
    }
    const stored = [...puts].filter(([k]) => k.endsWith('.log.gz'));
    assert.equal(stored.length, 5);
    assert.ok(
      stored.every(([, n]) => n === 1),
      'each stored once',
    );
  });
});
