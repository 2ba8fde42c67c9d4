import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Writes text chunks to stdout, or atomically (temp file + rename) to `path`. */
export async function writeOutput(
  chunks: Iterable<string>,
  path: string | undefined,
  stdout: Writable,
): Promise<void> {
  if (path === undefined || path === '-') {
    for (const c of chunks) {
      if (!stdout.write(c)) {
        await once(stdout, 'drain');
      }
    }
    return;
  }
  const tmp = `${path}.${process.pid}.tmp`;
  const out = createWriteStream(tmp);
  try {
    for (const c of chunks) {
      if (!out.write(c)) {
        await once(out, 'drain');
      }
    }
    out.end();
    await once(out, 'finish');
    await rename(tmp, path);
  } catch (e) {
    out.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
}
