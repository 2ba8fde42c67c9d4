import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runResultStoreConformance } from '../result-store.suite.ts';
import { createDirStore } from './dir-store.ts';

runResultStoreConformance('dir', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'flowlens-store-'));
  return {
    store: createDirStore(dir),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
