import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import { runResultStoreConformance } from '../result-store.suite.ts';
import { createS3Store } from './s3-store.ts';
import { startLocalS3, type LocalS3 } from './s3rver-fixture.ts';

let s3: LocalS3;
before(async () => {
  s3 = await startLocalS3();
});
after(async () => {
  await s3.stop();
});

runResultStoreConformance(
  's3 (s3rver)',
  async () => ({
    store: createS3Store({
      bucket: s3.bucket,
      endpoint: s3.endpoint,
      prefix: `t-${randomUUID()}/`,
    }),
    cleanup: async () => undefined,
  }),
  {
    // Real S3 PUTs are atomic; s3rver's file store resets readers racing a writer.
    concurrentReads: 's3rver streams files in place, unlike S3',
  },
);
