import { open, stat, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FollowOptions {
  readonly signal: AbortSignal;
  /** Read the file from its beginning instead of its current end. @default false */
  readonly fromStart?: boolean;
  /** How often to look for growth, rotation or truncation. @default 250 */
  readonly pollMs?: number;
  /** Bytes read per chunk. @default 1 MiB */
  readonly chunkBytes?: number;
}

interface Cursor {
  fh?: FileHandle;
  ino: number;
  offset: number;
}

async function reopen(path: string, c: Cursor, offset: number): Promise<void> {
  await c.fh?.close();
  c.fh = undefined;
  try {
    c.fh = await open(path, 'r');
    c.ino = (await c.fh.stat()).ino;
    c.offset = offset;
  } catch {
    // Not there (yet): `tail -F` keeps trying.
  }
}

/** True when the path now names another file (rotation) or the file shrank (truncation). */
async function replaced(path: string, c: Cursor): Promise<boolean> {
  try {
    const s = await stat(path);
    return s.ino !== c.ino || s.size < c.offset;
  } catch {
    return false;
  }
}

/**
 * Follows a growing file like `tail -F`: yields the bytes appended to it as they arrive, and
 * starts over from the beginning when the file is rotated (a new inode at the path) or
 * truncated. Missing files are waited for. Ends when `signal` aborts.
 */
export async function* followFile(path: string, o: FollowOptions): AsyncGenerator<Buffer> {
  const pollMs = o.pollMs ?? 250;
  const buf = Buffer.alloc(o.chunkBytes ?? 1 << 20);
  const c: Cursor = { ino: -1, offset: 0 };
  await reopen(path, c, 0);
  if (c.fh && !o.fromStart) {
    c.offset = (await c.fh.stat()).size;
  }
  try {
    while (!o.signal.aborted) {
      const n = c.fh ? (await c.fh.read(buf, 0, buf.length, c.offset)).bytesRead : 0;
      if (n > 0) {
        c.offset += n;
        yield Buffer.from(buf.subarray(0, n));
        continue;
      }
      if (!c.fh || (await replaced(path, c))) {
        await reopen(path, c, 0);
      }
      await sleep(pollMs, undefined, { signal: o.signal }).catch(() => undefined);
    }
  } finally {
    await c.fh?.close();
  }
}
