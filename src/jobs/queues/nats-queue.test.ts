import { randomUUID } from 'node:crypto';
import { connect } from 'nats';
import { runJobQueueConformance } from '../job-queue.suite.ts';
import { createNatsQueue } from './nats-queue.ts';

const SERVERS = process.env.FLOWLENS_TEST_NATS ?? 'nats://127.0.0.1:4222';

/** Deletes a test's stream (and its consumer) from the broker. */
export async function deleteStream(stream: string): Promise<void> {
  const nc = await connect({ servers: SERVERS });
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}

runJobQueueConformance('nats', async (leaseMs) => {
  const stream = `FLOWLENS_TEST_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const open = () => createNatsQueue({ servers: SERVERS, stream, leaseMs });
  const queue = await open();
  return {
    queue,
    open,
    cleanup: async () => {
      await queue.close();
      await deleteStream(stream);
    },
  };
});
