import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AsyncBuffer } from 'hyparquet';
import { FlowError } from '../../model/errors.ts';

/** Parquet objects up to this size are held in memory; larger ones spill to a temp file. */
export const PARQUET_MEMORY_BYTES = 64 * 1024 ** 2;

/** A random-access copy of one object; `close()` frees it (and deletes any temp file). */
export interface BufferedObject {
  readonly file: AsyncBuffer;
  readonly size: number;
  close(): Promise<void>;
}

function memoryBuffer(parts: Buffer[], size: number): BufferedObject {
  const all = Buffer.concat(parts, size);
  const ab = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
  return { file: ab, size, close: async () => undefined };
}

function fileBuffer(fh: FileHandle, dir: string, size: number): BufferedObject {
  return {
    size,
    file: {
      byteLength: size,
      async slice(start: number, end = size): Promise<ArrayBuffer> {
        const out = Buffer.alloc(Math.max(0, end - start));
        await fh.read(out, 0, out.length, start);
        return out.buffer.slice(out.byteOffset, out.byteOffset + out.length) as ArrayBuffer;
      },
    },
    async close() {
      await fh.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Parquet needs random access (the footer is at the end), so a streamed object is buffered:
 * in memory up to {@link PARQUET_MEMORY_BYTES}, then in a temp file (deleted on `close`), and
 * never beyond `maxBytes` (`FLOW_DECODE_TOO_LARGE`).
 */
export async function bufferObject(
  chunks: AsyncIterable<Buffer>,
  maxBytes: number,
  memoryBytes = PARQUET_MEMORY_BYTES,
): Promise<BufferedObject> {
  let parts: Buffer[] = [];
  let size = 0;
  let spill: { fh: FileHandle; dir: string } | undefined;
  try {
    for await (const c of chunks) {
      size += c.length;
      if (size > maxBytes) {
        throw new FlowError('FLOW_DECODE_TOO_LARGE', `Parquet object exceeds ${maxBytes} bytes`);
      }
      if (!spill && size > memoryBytes) {
        const dir = await mkdtemp(join(tmpdir(), 'flowlens-parquet-'));
        spill = { fh: await open(join(dir, 'object.parquet'), 'w+'), dir };
        await spill.fh.write(Buffer.concat(parts));
        parts = [];
      }
      if (spill) {
        await spill.fh.write(c);
      } else {
        parts.push(c);
      }
    }
  } catch (e) {
    await spill?.fh.close();
    await (spill ? rm(spill.dir, { recursive: true, force: true }) : undefined);
    throw e;
  }
  return spill ? fileBuffer(spill.fh, spill.dir, size) : memoryBuffer(parts, size);
}
