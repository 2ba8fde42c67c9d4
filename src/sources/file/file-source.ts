import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { FlowError } from '../../model/errors.ts';
import { countSkip } from '../../model/ingest-stats.ts';
import type { LogObject, Source, SourceContext } from '../source.ts';
// The flow-log file-name rules are the same on disk as in the bucket they were copied from.
import { fileStamp, stampRange, type StampRange } from '../s3/s3-key-layout.ts';

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

/**
 * False for a file whose name carries a flow-log timestamp (`…_20250101T0005Z_….log.gz`, as
 * AWS names them) outside what the window needs; every other file is read.
 */
function mayHold(path: string, range: StampRange | undefined): boolean {
  if (!range) {
    return true;
  }
  const stamp = fileStamp(path.slice(path.lastIndexOf('/') + 1));
  return stamp === null || (stamp >= range.from && stamp <= range.to);
}

/**
 * A local file or a directory (recursive, in name order; dot-files skipped). With a window,
 * files of a directory whose flow-log names say they cannot hold it are skipped unread and
 * counted as `key_out_of_window`, as for S3.
 */
export function createFileSource(uri: string): Source {
  const path = resolve(uri.startsWith('file://') ? new URL(uri).pathname : uri);
  return {
    kind: 'file',
    uri,
    async *objects(ctx: SourceContext) {
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
      const range = ctx.window ? stampRange(ctx.window) : undefined;
      for await (const p of walk(path)) {
        if (!mayHold(p, range)) {
          countSkip(ctx.stats, 'key_out_of_window');
          continue;
        }
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
