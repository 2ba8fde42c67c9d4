import { randomUUID } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FlowError } from '../../model/errors.ts';
import type { JobLease, JobQueue, QueuedJob } from '../job-queue.ts';

export interface DirQueueOptions {
  readonly dir: string;
  /** A leased job not acked or heartbeaten within this is delivered again. */
  readonly leaseMs: number;
  /** How often other processes' changes are looked for. @default 100 */
  readonly pollMs?: number;
}

interface Entry {
  readonly job: QueuedJob;
  readonly attempt: number;
  /** Pending: not before this (ms). Leased: the lease deadline. */
  readonly at: number;
}

const SAFE_ID = /^[A-Za-z0-9._-]{1,200}$/;
const CLAIM = '.claim.';

/**
 * The embedded queue: one JSON file per job under `pending/` or `leased/`. Claiming is an atomic
 * rename, so several processes may share the directory; every state survives a restart (leases
 * of a process that died expire and their jobs are delivered again).
 */
export function createDirQueue(options: DirQueueOptions): JobQueue {
  const q = new DirQueue(options);
  return {
    kind: 'dir',
    enqueue: (job) => q.enqueue(job),
    next: (signal) => q.next(signal),
    close: async () => q.close(),
    check: () => q.ready,
  };
}

class DirQueue {
  readonly ready: Promise<void>;
  private readonly wake = new EventEmitter();
  private closed = false;
  private readonly pending: string;
  private readonly leased: string;
  private readonly tmp: string;

  constructor(private readonly o: DirQueueOptions) {
    this.pending = join(o.dir, 'pending');
    this.leased = join(o.dir, 'leased');
    this.tmp = join(o.dir, '.tmp');
    this.wake.setMaxListeners(0);
    this.ready = Promise.all(
      [this.pending, this.leased, this.tmp].map((d) => mkdir(d, { recursive: true })),
    ).then(() => undefined);
  }

  private async write(dir: string, entry: Entry): Promise<void> {
    const tmp = join(this.tmp, `${entry.job.id}.${randomUUID()}`);
    await writeFile(tmp, JSON.stringify(entry));
    await rename(tmp, join(dir, `${entry.job.id}.json`));
  }

  async enqueue(job: QueuedJob): Promise<void> {
    if (!SAFE_ID.test(job.id)) {
      throw new FlowError('FLOW_QUEUE', `invalid job id '${job.id}'`);
    }
    await this.ready;
    const known = new Set([...(await readdir(this.pending)), ...(await readdir(this.leased))]);
    if (!known.has(`${job.id}.json`)) {
      await this.write(this.pending, { job, attempt: 0, at: 0 });
      this.wake.emit('job');
    }
  }

  async next(signal?: AbortSignal): Promise<JobLease | undefined> {
    await this.ready;
    while (!this.closed && !signal?.aborted) {
      await this.expireLeases();
      const lease = await this.claimOne();
      if (lease) {
        return lease;
      }
      await this.idle(signal);
    }
    return undefined;
  }

  private async idle(signal?: AbortSignal): Promise<void> {
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await Promise.race([
        once(this.wake, 'job', { signal: ac.signal }),
        sleep(this.o.pollMs ?? 100, undefined, { signal: ac.signal }),
      ]);
    } catch {
      // aborted
    } finally {
      ac.abort();
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private async read(path: string): Promise<Entry | undefined> {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as Entry;
    } catch {
      return undefined;
    }
  }

  private async claimOne(): Promise<JobLease | undefined> {
    const now = Date.now();
    for (const name of await readdir(this.pending)) {
      const from = join(this.pending, name);
      const entry = await this.read(from);
      if (!entry || entry.at > now) {
        continue;
      }
      // Take ownership by moving the file where lease expiry does not look, then publish the
      // lease with its deadline already in it: a lease never appears in leased/ with the
      // pending entry's (past) time, which another consumer would take for an expired lease.
      const claim = join(this.tmp, `${name}${CLAIM}${now}.${randomUUID()}`);
      try {
        await rename(from, claim);
      } catch {
        continue; // another consumer took it
      }
      const leased = { job: entry.job, attempt: entry.attempt + 1, at: now + this.o.leaseMs };
      await this.write(this.leased, leased);
      await rm(claim, { force: true });
      return this.lease(leased);
    }
    return undefined;
  }

  /** Claims left half-done by a process that died between its two renames go back to pending. */
  private async recoverClaims(now: number): Promise<void> {
    for (const name of await readdir(this.tmp)) {
      const at = name.indexOf(CLAIM);
      if (at > 0 && Number(name.slice(at + CLAIM.length).split('.')[0]) + this.o.leaseMs <= now) {
        const target = join(this.pending, name.slice(0, at));
        await rename(join(this.tmp, name), target).catch(() => undefined);
      }
    }
  }

  private async expireLeases(): Promise<void> {
    const now = Date.now();
    await this.recoverClaims(now);
    for (const name of await readdir(this.leased)) {
      const entry = await this.read(join(this.leased, name));
      if (entry && entry.at <= now) {
        await rename(join(this.leased, name), join(this.pending, name)).catch(() => undefined);
      }
    }
  }

  private lease(entry: Entry): JobLease {
    const path = join(this.leased, `${entry.job.id}.json`);
    return {
      job: entry.job,
      attempt: entry.attempt,
      ack: () => rm(path, { force: true }),
      retry: async (delayMs = 0) => {
        await this.write(this.leased, { ...entry, at: Date.now() + delayMs });
        await rename(path, join(this.pending, `${entry.job.id}.json`)).catch(() => undefined);
        this.wake.emit('job');
      },
      heartbeat: () => this.write(this.leased, { ...entry, at: Date.now() + this.o.leaseMs }),
    };
  }

  close(): void {
    this.closed = true;
    this.wake.emit('job');
  }
}
