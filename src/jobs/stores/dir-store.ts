import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FlowError } from '../../model/errors.ts';
import type { ResultStore } from '../result-store.ts';

const TMP_DIR = '.tmp';

function checkKey(key: string): string {
  if (key === '' || key.includes('/') || key.includes('\\') || key.startsWith('.')) {
    throw new FlowError('FLOW_STORAGE', `invalid storage key '${key}'`);
  }
  return key;
}

function isMissing(e: unknown): boolean {
  return (e as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * A local directory: one file per key. Writes go to `.tmp/` then are renamed into place, so a
 * crash never leaves a partial result under its real name.
 */
export function createDirStore(dir: string): ResultStore {
  const ready = mkdir(join(dir, TMP_DIR), { recursive: true });
  return {
    kind: 'dir',
    async get(key) {
      try {
        return await readFile(join(dir, checkKey(key)));
      } catch (e) {
        if (isMissing(e)) {
          return undefined;
        }
        throw new FlowError('FLOW_STORAGE', `cannot read ${key}`, { cause: e });
      }
    },
    async exists(key) {
      try {
        return (await stat(join(dir, checkKey(key)))).isFile();
      } catch (e) {
        if (isMissing(e)) {
          return false;
        }
        throw new FlowError('FLOW_STORAGE', `cannot stat ${key}`, { cause: e });
      }
    },
    async put(key, body) {
      await ready;
      const tmp = join(dir, TMP_DIR, `${checkKey(key)}.${randomUUID()}`);
      try {
        await writeFile(tmp, body);
        await rename(tmp, join(dir, key));
      } catch (e) {
        await rm(tmp, { force: true });
        throw new FlowError('FLOW_STORAGE', `cannot write ${key}`, { cause: e });
      }
    },
    async delete(key) {
      await rm(join(dir, checkKey(key)), { force: true });
    },
    async *list(prefix) {
      await ready;
      for (const name of await readdir(dir)) {
        if (name.startsWith(prefix) && name !== TMP_DIR) {
          yield name;
        }
      }
    },
    async check() {
      await ready;
      await stat(dir);
    },
  };
}
