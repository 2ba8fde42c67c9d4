import { createIngestStats, type IngestStats } from '../model/ingest-stats.ts';
import { scanFlows, type ReadOptions } from '../sources/read-flows.ts';
import type { Source } from '../sources/source.ts';
import { Digester, type Digest } from './digester.ts';
import { DigestKernel } from './kernel/digest-kernel.ts';

export interface DigestResult {
  readonly digest: Digest;
  readonly stats: IngestStats;
}

export interface DigestOptions extends ReadOptions {
  /**
   * `wasm` (default): ordinary lines are aggregated by the WebAssembly kernel, the rest by the
   * JS parser; `js`: every line through the JS parser. Both give the same digest and stats.
   */
  readonly kernel?: 'wasm' | 'js';
}

/** Reads every source through the streaming parser into one digest. */
export async function digestSources(
  sources: readonly Source[],
  opts: DigestOptions = {},
): Promise<DigestResult> {
  const digester = new Digester();
  const stats = opts.stats ?? createIngestStats();
  const kernel = opts.kernel === 'js' ? undefined : new DigestKernel(opts.window);
  await scanFlows(
    sources,
    { ...opts, stats, ...(kernel ? { scanner: kernel.scanner } : {}) },
    (line) => digester.addLine(line),
  );
  kernel?.mergeInto(digester);
  return { digest: digester.result(), stats };
}
