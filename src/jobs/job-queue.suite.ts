import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import type { JobLease, JobQueue, QueuedJob } from './job-queue.ts';

/** A queue under test plus a way to open a second handle on the same backing state. */
export interface QueueFixture {
  readonly queue: JobQueue;
  /** Another queue over the same state (a restarted process, or a second worker). */
  open(): Promise<JobQueue>;
  cleanup(): Promise<void>;
}

export const SUITE_LEASE_MS = 800;

function job(id: string): QueuedJob {
  return { kind: 'digest', id, payload: { id, start: '2019-01-01T00:00:00Z' } };
}

async function nextWithin(q: JobQueue, ms: number): Promise<JobLease | undefined> {
  return q.next(AbortSignal.timeout(ms));
}

/**
 * The behaviour every `JobQueue` must have. Each implementation's test file is one call:
 * `runJobQueueConformance('dir', (leaseMs) => …fixture)`.
 */
export function runJobQueueConformance(
  name: string,
  create: (leaseMs: number) => Promise<QueueFixture>,
): void {
  describe(`JobQueue conformance: ${name}`, () => {
    const fixtures: QueueFixture[] = [];
    const fresh = async () => {
      const f = await create(SUITE_LEASE_MS);
      fixtures.push(f);
      return f;
    };
    after(async () => {
      for (const f of fixtures) {
        await f.cleanup();
      }
    });

    it('should deliver an enqueued job with its payload, and not again after ack', async () => {
      const { queue } = await fresh();
      await queue.enqueue(job('a1'));
      const lease = await nextWithin(queue, 3000);
      assert.deepEqual(lease?.job, job('a1'));
      assert.equal(lease?.attempt, 1);
      await lease!.ack();
      assert.equal(await nextWithin(queue, SUITE_LEASE_MS * 2), undefined);
    });

    it('should queue an identical job id only once while it waits', async () => {
      const { queue } = await fresh();
      await queue.enqueue(job('d1'));
      await queue.enqueue(job('d1'));
      const first = await nextWithin(queue, 3000);
      assert.equal(first?.job.id, 'd1');
      await first!.ack();
      assert.equal(await nextWithin(queue, 1500), undefined);
    });

    it('should queue a job again at once after the first one was acked', async () => {
      const { queue } = await fresh();
      await queue.enqueue(job('e1'));
      await (await nextWithin(queue, 3000))!.ack();
      await queue.enqueue(job('e1'));
      const again = await nextWithin(queue, 3000);
      assert.equal(again?.job.id, 'e1');
      await again!.ack();
    });

    it('should deliver a job again when its lease expires without an ack', async () => {
      const { queue } = await fresh();
      await queue.enqueue(job('l1'));
      const first = await nextWithin(queue, 3000);
      assert.equal(first?.attempt, 1);
      const started = Date.now();
      const second = await nextWithin(queue, SUITE_LEASE_MS * 6);
      assert.equal(second?.job.id, 'l1');
      assert.equal(second?.attempt, 2);
      assert.ok(Date.now() - started >= SUITE_LEASE_MS * 0.8, 'not before the lease expired');
      await second!.ack();
    });

    it('should deliver a job again at once after retry()', async () => {
      const { queue } = await fresh();
      await queue.enqueue(job('r1'));
      await (await nextWithin(queue, 3000))!.retry(0);
      const again = await nextWithin(queue, SUITE_LEASE_MS / 2 + 1000);
      assert.equal(again?.job.id, 'r1');
      assert.equal(again?.attempt, 2);
      await again!.ack();
    });

    it('should keep a heartbeaten lease beyond the lease period', async () => {
      const f = await fresh();
      const other = await f.open();
      await f.queue.enqueue(job('h1'));
      const lease = (await nextWithin(f.queue, 3000))!;
      const beat = setInterval(() => void lease.heartbeat(), SUITE_LEASE_MS / 4);
      try {
        assert.equal(await nextWithin(other, SUITE_LEASE_MS * 2.5), undefined);
      } finally {
        clearInterval(beat);
        await lease.ack();
        await other.close();
      }
    });

    it('should keep waiting jobs across a reopen (restart)', async () => {
      const f = await fresh();
      await f.queue.enqueue(job('p1'));
      await f.queue.close();
      const reopened = await f.open();
      const lease = await nextWithin(reopened, 3000);
      assert.equal(lease?.job.id, 'p1');
      await lease!.ack();
      await reopened.close();
    });

    it('should return undefined when the signal aborts while waiting', async () => {
      const { queue } = await fresh();
      const started = Date.now();
      assert.equal(await nextWithin(queue, 300), undefined);
      assert.ok(Date.now() - started < 3000);
    });

    it('should give each job to one of two consumers at a time', async () => {
      const f = await fresh();
      const other = await f.open();
      const ids = Array.from({ length: 10 }, (_, i) => `c${i}`);
      for (const id of ids) {
        await f.queue.enqueue(job(id));
      }
      const seen: string[] = [];
      const consume = async (q: JobQueue) => {
        for (let l = await nextWithin(q, 1500); l; l = await nextWithin(q, 1500)) {
          seen.push(l.job.id);
          await sleep(5);
          await l.ack();
        }
      };
      await Promise.all([consume(f.queue), consume(other)]);
      await other.close();
      assert.deepEqual([...seen].sort(), [...ids].sort());
    });
  });
}
