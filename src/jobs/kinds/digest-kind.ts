import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { digestSources } from '../../aggregate/digest-sources.ts';
import { digestWriters } from '../../aggregate/digest-writers.ts';
import type { WindowParams } from '../job.ts';
import type { JobKind } from '../job-kind.ts';
import { kindNamespace, timeWindow, windowKindParts } from './window-kind.ts';

const gzipAsync = promisify(gzip);

/** vpcflow-digesterd's job: the digest of a window, stored gzipped as `<id>.log.gz`. */
export const digestKind: JobKind<WindowParams> = {
  name: 'digest',
  namespace: kindNamespace('digest'),
  suffix: '.log.gz',
  ...windowKindParts(),
  existsMessage: (id) => `digest ${id} already exists`,
  inProgressMessage: (id) => `digest ${id} is being created`,
  async run(params, deps) {
    const { digest, stats } = await digestSources(deps.openSources(), {
      window: timeWindow(params),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    const text = [...digestWriters.digest(digest)].join('');
    return {
      body: await gzipAsync(Buffer.from(text)),
      summary: { lines: digest.entries.length, records: stats.records, kept: stats.kept },
    };
  },
};
