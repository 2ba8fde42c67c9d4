import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { FlowError } from '../../model/errors.ts';
import type { LogObject, Source, SourceContext } from '../source.ts';

const READ_CHUNK = 1 << 20;

function fileObject(path: string, size: number): LogObject {
  return {
    name: path,
    size,
    envelope: path.endsWith('.parquet') ? 'parquet' : 'auto',
    open: async () => createReadStream(path, { highWaterMark: READ_CHUNK }),
  };
}

async function* walk(dir: string): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      yield* walk(p);
    } else if (e.isFile() && !e.name.startsWith('.')) {
      yield p;
    }
  }
}

/** A local file or a directory (recursive, in name order; dot-files skipped). */
export function createFileSource(uri: string): Source {
  const path = resolve(uri.startsWith('file://') ? new URL(uri).pathname : uri);
  return {
    kind: 'file',
    uri,
    async *objects(_ctx: SourceContext) {
      const st = await stat(path).catch((e: unknown) => {
        throw new FlowError(
          'FLOW_SOURCE_NOT_FOUND',
          `cannot read '${uri}': ${(e as Error).message}`,
          {
            cause: e,
          },
        );
      });
      if (!st.isDirectory()) {
        yield fileObject(path, st.size);
        return;
      }
      for await (const p of walk(path)) {
        const s = await stat(p);
        yield fileObject(p, s.size);
      }
    },
  };
}

/** `-`: standard input, once. */
export function createStdinSource(stdin: Readable = process.stdin): Source {
  return {
    kind: 'stdin',
    uri: '-',
    async *objects() {
      yield { name: '<stdin>', envelope: 'auto', open: async () => stdin };
    },
  };
}
