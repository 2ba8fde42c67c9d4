import { readFileSync } from 'node:fs';
import { FlowError } from '../../model/errors.ts';
import type { TimeWindow } from '../../model/flow-record.ts';
import { countSkip, type IngestStats } from '../../model/ingest-stats.ts';
import type { ChunkScanner, LineSink } from '../../sources/decode/chunk-scanner.ts';
import type { LinePlan } from '../../sources/decode/flow-line-parser.ts';
import { MAX_LINE_BYTES } from '../../sources/decode/line-splitter.ts';
import { DIGEST_KEY, type Digester, type GroupRow } from '../digester.ts';

/** The compiled kernel (built from digest-kernel.as.ts by `npm run build:kernel`). */
export const KERNEL_WASM = new URL('./digest-kernel.wasm', import.meta.url);

/** Most bytes copied into the kernel per call. */
const PIECE = 1 << 20;

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  init(): void;
  configPtrs(which: number): number;
  configure(
    width: number,
    nNum: number,
    nAddr: number,
    status: number,
    action: number,
    start: number,
    end: number,
    packets: number,
    bytes: number,
  ): void;
  setWindow(on: boolean, start: number, stop: number): void;
  inputReserve(n: number): number;
  inputCommit(n: number): void;
  pending(): number;
  pendingPtr(): number;
  dropPending(): void;
  deferredStart(): number;
  deferredEnd(): number;
  takeRecords(): number;
  takeKept(): number;
  takeOutOfWindow(): number;
  startMin(): number;
  endMax(): number;
  groups(): number;
  sortedGroups(): number;
  firstGroup(): number;
  nextGroup(off: number): number;
  groupKey(off: number): number;
  groupKeyLen(off: number): number;
  groupA(off: number): number;
  groupB(off: number): number;
  run(): number;
}

let compiled: WebAssembly.Module | undefined;

function kernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(KERNEL_WASM));
  return compiled;
}

function abort(): never {
  throw new FlowError('FLOW_DIGEST_KERNEL', 'the digest kernel ran out of memory');
}

/**
 * The digest's fast path, a WebAssembly module that aggregates ordinary flow lines without
 * leaving its own memory. Lines it cannot vouch for go back to the JS parser through the
 * {@link LineSink}, so skip reasons, headers and coverage records are decided in one place.
 * One kernel serves one digest: its groups are merged into the {@link Digester} at the end.
 */
export class DigestKernel {
  private readonly x: KernelExports;
  private plan: LinePlan | undefined;
  /** Lines handed back to the JS path (headers, coverage records, anything unusual). */
  deferred = 0;

  constructor(window?: TimeWindow) {
    const instance = new WebAssembly.Instance(kernelModule(), { env: { abort } });
    this.x = instance.exports as unknown as KernelExports;
    this.x.init();
    this.x.setWindow(window !== undefined, window?.start ?? 0, window?.stop ?? 0);
  }

  /** A scanner for one object, feeding this kernel. */
  readonly scanner = (sink: LineSink, stats: IngestStats): ChunkScanner =>
    new KernelScanner(this, sink, stats);

  get exports(): KernelExports {
    return this.x;
  }

  /** Points the kernel at the columns of `plan` (a no-op when it already is). */
  use(plan: LinePlan): void {
    if (plan === this.plan) {
      return;
    }
    this.plan = plan;
    const { x } = this;
    const { layout } = plan;
    const mem = x.memory.buffer;
    new Int32Array(mem, x.configPtrs(0), DIGEST_KEY.length).set(
      DIGEST_KEY.map((k) => layout.col(k)),
    );
    new Int32Array(mem, x.configPtrs(1), plan.numeric.length).set(plan.numeric);
    new Float64Array(mem, x.configPtrs(2), plan.max.length).set(plan.max);
    new Int32Array(mem, x.configPtrs(3), plan.addresses.length).set(plan.addresses);
    x.configure(
      layout.width,
      plan.numeric.length,
      plan.addresses.length,
      plan.status,
      plan.action,
      plan.start,
      plan.end,
      layout.col('packets'),
      layout.col('bytes'),
    );
  }

  /** Moves the kernel's counters into `stats`. */
  flush(stats: IngestStats): void {
    const { x } = this;
    stats.records += x.takeRecords();
    stats.kept += x.takeKept();
    const out = x.takeOutOfWindow();
    if (out > 0) {
      countSkip(stats, 'out_of_window', out);
    }
  }

  /**
   * Hands every group the kernel built, and its time bounds, to `digester`: in key order when
   * the kernel could sort them (ASCII keys), else in insertion order for the digester to sort.
   */
  mergeInto(digester: Digester): void {
    const { x } = this;
    const n = x.groups();
    const sorted = x.sortedGroups();
    const offsets = sorted ? new Int32Array(x.memory.buffer, sorted, n) : this.insertionOrder(n);
    digester.absorb(this.rows(offsets), x.startMin(), x.endMax(), sorted !== 0);
  }

  private insertionOrder(n: number): Int32Array {
    const { x } = this;
    const offsets = new Int32Array(n);
    for (let g = 0, off = x.firstGroup(); g < n; g++, off = x.nextGroup(off)) {
      offsets[g] = off;
    }
    return offsets;
  }

  private *rows(offsets: Int32Array): Generator<GroupRow> {
    const { x } = this;
    const mem = Buffer.from(x.memory.buffer);
    for (const off of offsets) {
      const at = x.groupKey(off);
      yield [mem.toString('utf8', at, at + x.groupKeyLen(off)), x.groupA(off), x.groupB(off)];
    }
  }
}

/** Feeds one object's chunks through the kernel; deferred lines go to the sink. */
class KernelScanner implements ChunkScanner {
  private overlong = false;

  constructor(
    private readonly kernel: DigestKernel,
    private readonly sink: LineSink,
    private readonly stats: IngestStats,
  ) {}

  push(chunk: Buffer): void {
    if (this.overlong) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        return;
      }
      this.overlong = false;
      this.sink.tooLong();
      chunk = chunk.subarray(nl + 1);
    }
    const x = this.kernel.exports;
    for (let off = 0; off < chunk.length; off += PIECE) {
      const piece = chunk.subarray(off, Math.min(chunk.length, off + PIECE));
      const at = x.inputReserve(piece.length);
      new Uint8Array(x.memory.buffer, at, piece.length).set(piece);
      x.inputCommit(piece.length);
      this.drain();
    }
  }

  end(): void {
    const x = this.kernel.exports;
    if (this.overlong) {
      this.sink.tooLong();
    } else if (x.pending() > 0) {
      const at = x.pendingPtr();
      const line = Buffer.from(new Uint8Array(x.memory.buffer, at, x.pending()));
      x.dropPending();
      this.sink.line(line, 0, line.length);
    }
    this.overlong = false;
    this.kernel.flush(this.stats);
  }

  private drain(): void {
    const { kernel, sink } = this;
    const x = kernel.exports;
    kernel.use(sink.parser.columns);
    while (x.run() === 1) {
      kernel.deferred++;
      const s = x.deferredStart();
      const e = x.deferredEnd();
      if (e - s > MAX_LINE_BYTES) {
        sink.tooLong();
      } else {
        sink.line(Buffer.from(x.memory.buffer, s, e - s), 0, e - s);
      }
      kernel.use(sink.parser.columns);
    }
    if (x.pending() > MAX_LINE_BYTES) {
      x.dropPending();
      this.overlong = true;
    }
    kernel.flush(this.stats);
  }
}
