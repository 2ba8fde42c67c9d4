import type { TimeWindow } from '../../model/flow-record.ts';
import { countSkip, type IngestStats } from '../../model/ingest-stats.ts';
import type { NativeGunzipHandle } from '../../native/addon.ts';
import type { ChunkScanner, LineSink } from '../../sources/decode/chunk-scanner.ts';
import type { InflateSink } from '../../sources/decode/compression.ts';
import type { LinePlan } from '../../sources/decode/flow-line-parser.ts';
import { MAX_LINE_BYTES } from '../../sources/decode/line-splitter.ts';
import type { Digester } from '../digester.ts';
import { KERNEL_PIECE, type KernelBackend } from './kernel-backend.ts';
import { NativeBackend, type NativeKernelApi } from './native-backend.ts';
import { WasmBackend } from './wasm-backend.ts';

export { KERNEL_WASM } from './wasm-backend.ts';

/** Which kernel aggregates ordinary lines. */
export type KernelKind = 'native' | 'wasm';

/**
 * The digest's fast path: a kernel (native code when the addon is built, else WebAssembly) that
 * aggregates ordinary flow lines in its own memory. Lines it cannot vouch for go back to the JS
 * parser through the {@link LineSink}, so skip reasons, headers and coverage records are decided
 * in one place. One kernel serves one digest: its groups are merged into the {@link Digester}
 * at the end.
 */
export class DigestKernel {
  readonly backend: KernelBackend;
  readonly kind: KernelKind;
  private plan: LinePlan | undefined;
  /** Lines handed back to the JS path (headers, coverage records, anything unusual). */
  deferred = 0;
  private startMin = Infinity;
  private endMax = -Infinity;

  /** `native` is the addon's kernel API; without it the WebAssembly kernel is used. */
  constructor(window?: TimeWindow, native?: NativeKernelApi) {
    this.backend = native ? new NativeBackend(native, window) : new WasmBackend(window);
    this.kind = native ? 'native' : 'wasm';
  }

  /** A scanner for one object, feeding this kernel. */
  readonly scanner = (sink: LineSink, stats: IngestStats): ChunkScanner =>
    new KernelScanner(this, sink, stats);

  /** Points the kernel at the columns of `plan` (a no-op when it already is). */
  use(plan: LinePlan): void {
    if (plan !== this.plan) {
      this.plan = plan;
      this.backend.configure(plan);
    }
  }

  /** Moves the kernel's counters into `stats`. */
  flush(stats: IngestStats): void {
    const c = this.backend.take();
    stats.records += c.records;
    stats.kept += c.kept;
    if (c.outOfWindow > 0) {
      countSkip(stats, 'out_of_window', c.outOfWindow);
    }
    this.startMin = c.startMin;
    this.endMax = c.endMax;
  }

  /**
   * Hands every group the kernel built, and its time bounds, to `digester`: in key order when
   * the kernel could sort them (ASCII keys), else in insertion order for the digester to sort.
   */
  mergeInto(digester: Digester): void {
    const { entries, sorted } = this.backend.groups();
    digester.absorb(entries, this.startMin, this.endMax, sorted);
  }
}

/** Feeds one object's bytes through the kernel; deferred lines go to the JS path (`lines`). */
class KernelScanner implements ChunkScanner {
  private overlong = false;
  readonly sink: InflateSink | undefined;

  constructor(
    private readonly kernel: DigestKernel,
    private readonly lines: LineSink,
    private readonly stats: IngestStats,
  ) {
    this.sink = kernel.backend.inflateFrom ? { inflateFrom: this.inflateFrom } : undefined;
  }

  /** Bytes inflated straight into the kernel, then digested as a pushed chunk would be. */
  private readonly inflateFrom = (gunzip: NativeGunzipHandle, max: number): number => {
    const { backend } = this.kernel;
    const n = backend.inflateFrom!(gunzip, max);
    if (this.overlong && n > 0) {
      // The rest of an overlong line is skipped by push(), on a copy (rare).
      this.push(backend.takePending(true)!);
    } else if (n > 0) {
      this.drain();
    }
    return n;
  };

  push(chunk: Buffer): void {
    if (this.overlong) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        return;
      }
      this.overlong = false;
      this.lines.tooLong();
      chunk = chunk.subarray(nl + 1);
    }
    const { backend } = this.kernel;
    for (let off = 0; off < chunk.length; off += KERNEL_PIECE) {
      backend.push(chunk.subarray(off, Math.min(chunk.length, off + KERNEL_PIECE)));
      this.drain();
    }
  }

  end(): void {
    const { backend } = this.kernel;
    if (this.overlong) {
      this.lines.tooLong();
    } else if (backend.pending() > 0) {
      const line = backend.takePending(true)!;
      this.lines.line(line, 0, line.length);
    }
    this.overlong = false;
    this.kernel.flush(this.stats);
  }

  private drain(): void {
    const { kernel, lines } = this;
    const { backend } = kernel;
    kernel.use(lines.parser.columns);
    while (backend.run()) {
      kernel.deferred++;
      const line = backend.deferred();
      if (line.length > MAX_LINE_BYTES) {
        lines.tooLong();
      } else {
        lines.line(line, 0, line.length);
      }
      kernel.use(lines.parser.columns);
    }
    if (backend.pending() > MAX_LINE_BYTES) {
      backend.takePending(false);
      this.overlong = true;
    }
    kernel.flush(this.stats);
  }
}
