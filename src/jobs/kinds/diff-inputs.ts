import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphSourceFromGraph, openGraphFile, type GraphSource } from '../../graph/graph-source.ts';
import type { DiffParams } from '../job.ts';
import type { JobRunDeps } from '../job-kind.ts';
import { windowGraph } from './window-graph.ts';

export interface DiffInputs {
  readonly previous: GraphSource;
  readonly next: GraphSource;
  /** Removes any temporary files. */
  dispose(): Promise<void>;
}

/**
 * The two graphs a diff compares: built here, or, with a remote grapher, its DOT for each window
 * (as diffd did, but fetched once per window, not twice). Remote DOT goes to temporary files
 * that the diff streams, so a large graph is never held in memory whole.
 */
export async function diffInputs(params: DiffParams, deps: JobRunDeps): Promise<DiffInputs> {
  const remote = deps.remote?.graph;
  if (!remote) {
    return {
      previous: graphSourceFromGraph(await windowGraph(params.previous, deps), 'previous'),
      next: graphSourceFromGraph(await windowGraph(params.next, deps), 'next'),
      dispose: async () => undefined,
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'flowlens-diff-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    const [prev, next] = await Promise.all([
      remote(params.previous, deps.signal),
      remote(params.next, deps.signal),
    ]);
    await writeFile(join(dir, 'previous.dot'), prev);
    await writeFile(join(dir, 'next.dot'), next);
    return {
      previous: await openGraphFile(join(dir, 'previous.dot')),
      next: await openGraphFile(join(dir, 'next.dot')),
      dispose,
    };
  } catch (e) {
    await dispose();
    throw e;
  }
}
