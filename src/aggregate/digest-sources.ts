import { FlowError } from '../model/errors.ts';
import { createIngestStats, type IngestStats } from '../model/ingest-stats.ts';
import { nativeAddon } from '../native/addon.ts';
import { scanFlows, type ReadOptions } from '../sources/read-flows.ts';
import type { Source } from '../sources/source.ts';
import { Digester, type Digest } from './digester.ts';
import { DigestKernel } from './kernel/digest-kernel.ts';

export interface DigestResult {
  readonly digest: Digest;
  readonly stats: IngestStats;
}

/**
 * Which path aggregates ordinary lines. `auto` (default): the native kernel when the addon is
 * built, else the WebAssembly one; `native` / `wasm`: that kernel (`native` fails when the addon
 * is missing); `js`: every line through the JS parser. All give the same digest and stats.
 */
export type KernelChoice = 'auto' | 'native' | 'wasm' | 'js';

export interface DigestOptions extends ReadOptions {
  readonly kernel?: KernelChoice;
}

/** The kernel for `choice`, or undefined for the JS path. */
export function createKernel(
  choice: KernelChoice = 'auto',
  window?: ReadOptions['window'],
): DigestKernel | undefined {
  if (choice === 'js') {
    return undefined;
  }
  const addon = choice === 'wasm' ? undefined : nativeAddon();
  // An addon built before the kernel existed has no kernel functions.
  const native = typeof addon?.kernelCreate === 'function' ? addon : undefined;
  if (choice === 'native' && !native) {
    throw new FlowError(
      'FLOW_DIGEST_KERNEL',
      'the native addon is not built (npm run build:native)',
    );
  }
  return new DigestKernel(window, native);
}

/** Reads every source through the streaming parser into one digest. */
export async function digestSources(
  sources: readonly Source[],
  opts: DigestOptions = {},
): Promise<DigestResult> {
  const digester = new Digester();
  const stats = opts.stats ?? createIngestStats();
  const kernel = createKernel(opts.kernel, opts.window);
  await scanFlows(
    sources,
    { ...opts, stats, ...(kernel ? { scanner: kernel.scanner } : {}) },
    (line) => digester.addLine(line),
  );
  kernel?.mergeInto(digester);
  return { digest: digester.result(), stats };
}
