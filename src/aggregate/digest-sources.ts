import { createIngestStats, type IngestStats } from '../model/ingest-stats.ts';
import { scanFlows, type ReadOptions } from '../sources/read-flows.ts';
import type { Source } from '../sources/source.ts';
import { Digester, type Digest } from './digester.ts';

export interface DigestResult {
  readonly digest: Digest;
  readonly stats: IngestStats;
}

/** Reads every source through the streaming parser into one digest. */
export async function digestSources(
  sources: readonly Source[],
  opts: ReadOptions = {},
): Promise<DigestResult> {
  const digester = new Digester();
  const stats = opts.stats ?? createIngestStats();
  await scanFlows(sources, { ...opts, stats }, (line) => digester.addLine(line));
  return { digest: digester.result(), stats };
}
