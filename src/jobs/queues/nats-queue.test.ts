import { randomUUID } from 'node:crypto';
import { runJobQueueConformance } from '../job-queue.suite.ts';
import { createNatsQueue } from './nats-queue.ts';
import { deleteStream } from './nats-test-stream.ts';

const SERVERS = process.env.FLOWLENS_TEST_NATS ?? 'nats://127.0.0.1:4222';

runJobQueueConformance('nats', async (leaseMs) => {
  const stream = `FLOWLENS_TEST_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const open = () => createNatsQueue({ servers: SERVERS, stream, leaseMs });
  const queue = await open();
  return {
    queue,
    open,
    cleanup: async () => {
      await queue.close();
      await deleteStream(stream, SERVERS);
    },
  };
});
