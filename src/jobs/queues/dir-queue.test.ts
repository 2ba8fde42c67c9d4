import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runJobQueueConformance } from '../job-queue.suite.ts';
import { createDirQueue } from './dir-queue.ts';

runJobQueueConformance('dir', async (leaseMs) => {
  const dir = await mkdtemp(join(tmpdir(), 'flowlens-queue-'));
  const open = async () => createDirQueue({ dir, leaseMs, pollMs: 20 });
  const queue = await open();
  return {
    queue,
    open,
    cleanup: async () => {
      await queue.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
