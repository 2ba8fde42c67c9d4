import { connect } from 'nats';

/** Deletes a test's stream (and its consumers) from the broker; tests only. */
export async function deleteStream(
  stream: string,
  servers = 'nats://127.0.0.1:4222',
): Promise<void> {
  const nc = await connect({ servers });
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}
