import { Readable } from 'node:stream';
import type { Envelope, LogObject, Source } from '../source.ts';

export interface MemoryObject {
  readonly name: string;
  readonly data: Buffer | string;
  readonly envelope?: Envelope;
  readonly format?: readonly string[];
}

/**
 * Objects already in memory (an HTTP request body, a Lambda event, a test fixture) as a source,
 * so they go through exactly the same decoding and parsing as files and S3 objects.
 */
export function createMemorySource(objects: readonly MemoryObject[], uri = 'memory:'): Source {
  return {
    kind: 'memory',
    uri,
    async *objects() {
      for (const o of objects) {
        const obj: LogObject = {
          name: o.name,
          size: typeof o.data === 'string' ? Buffer.byteLength(o.data) : o.data.length,
          envelope: o.envelope ?? 'auto',
          ...(o.format ? { format: o.format } : {}),
          open: async () =>
            Readable.from([typeof o.data === 'string' ? Buffer.from(o.data) : o.data]),
        };
        yield obj;
      }
    },
  };
}
