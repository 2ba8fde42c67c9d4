import { Readable } from 'node:stream';
import type { Source } from '../../sources/source.ts';
import type { WindowParams } from '../job.ts';
import { formatJobTime } from '../job-time.ts';
import { createPollingClient, type PollingConfig } from './polling-client.ts';

/**
 * Results fetched from other services instead of computed here: the deployment where digests
 * come from a remote digesterd (`DIGESTER_ENDPOINT`, as grapherd) and graphs from a remote
 * grapherd (`GRAPHER_ENDPOINT`, as diffd). Either may be absent.
 */
export interface RemoteResults {
  /** The window's digest as a source (the gzip body, decoded like any flow log object). */
  digest?(window: WindowParams, signal?: AbortSignal): Promise<Source>;
  /** The window's graph: DOT text, as grapherd stores it. */
  graph?(window: WindowParams, signal?: AbortSignal): Promise<Uint8Array>;
}

export interface RemoteEndpoints {
  readonly digester?: PollingConfig;
  readonly grapher?: PollingConfig;
}

const windowQuery = (w: WindowParams) => ({
  start: formatJobTime(w.start),
  stop: formatJobTime(w.stop),
});

/** A one-object source over bytes already in memory. */
export function bytesSource(name: string, bytes: Uint8Array): Source {
  return {
    kind: 'remote',
    uri: name,
    async *objects() {
      yield { name, size: bytes.length, open: async () => Readable.from([Buffer.from(bytes)]) };
    },
  };
}

export function createRemoteResults(e: RemoteEndpoints): RemoteResults | undefined {
  if (!e.digester && !e.grapher) {
    return undefined;
  }
  const digester = e.digester && createPollingClient(e.digester);
  const grapher = e.grapher && createPollingClient(e.grapher);
  return {
    ...(digester && {
      digest: async (w: WindowParams, signal?: AbortSignal) => {
        const q = windowQuery(w);
        const body = await digester.result(q, signal);
        return bytesSource(`${e.digester!.endpoint} ${q.start}..${q.stop}`, body);
      },
    }),
    ...(grapher && {
      graph: (w: WindowParams, signal?: AbortSignal) => grapher.result(windowQuery(w), signal),
    }),
  };
}
