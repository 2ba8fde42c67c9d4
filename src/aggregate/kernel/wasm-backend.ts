import { readFileSync } from 'node:fs';
import { FlowError } from '../../model/errors.ts';
import type { TimeWindow } from '../../model/flow-record.ts';
import type { LinePlan } from '../../sources/decode/flow-line-parser.ts';
import { DIGEST_KEY, entryOf, type DigestEntry } from '../digester.ts';
import {
  layoutScalars,
  type KernelBackend,
  type KernelCounts,
  type KernelGroups,
} from './kernel-backend.ts';

/** The compiled kernel (built from digest-kernel.as.ts by `npm run build:kernel`). */
export const KERNEL_WASM = new URL('./digest-kernel.wasm', import.meta.url);

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

/** The portable kernel: a WebAssembly module (AssemblyScript source beside it). */
export class WasmBackend implements KernelBackend {
  private readonly x: KernelExports;

  constructor(window?: TimeWindow) {
    const instance = new WebAssembly.Instance(kernelModule(), { env: { abort } });
    this.x = instance.exports as unknown as KernelExports;
    this.x.init();
    this.x.setWindow(window !== undefined, window?.start ?? 0, window?.stop ?? 0);
  }

  configure(plan: LinePlan): void {
    const { x } = this;
    const { layout } = plan;
    const mem = x.memory.buffer;
    new Int32Array(mem, x.configPtrs(0), DIGEST_KEY.length).set(
      DIGEST_KEY.map((k) => layout.col(k)),
    );
    new Int32Array(mem, x.configPtrs(1), plan.numeric.length).set(plan.numeric);
    new Float64Array(mem, x.configPtrs(2), plan.max.length).set(plan.max);
    new Int32Array(mem, x.configPtrs(3), plan.addresses.length).set(plan.addresses);
    const [width, status, action, start, end, packets, bytes] = layoutScalars(plan);
    x.configure(
      width!,
      plan.numeric.length,
      plan.addresses.length,
      status!,
      action!,
      start!,
      end!,
      packets!,
      bytes!,
    );
  }

  push(bytes: Buffer): void {
    const { x } = this;
    const at = x.inputReserve(bytes.length);
    new Uint8Array(x.memory.buffer, at, bytes.length).set(bytes);
    x.inputCommit(bytes.length);
  }

  run(): boolean {
    return this.x.run() === 1;
  }

  deferred(): Buffer {
    const { x } = this;
    const s = x.deferredStart();
    return Buffer.from(x.memory.buffer, s, x.deferredEnd() - s);
  }

  pending(): number {
    return this.x.pending();
  }

  takePending(keep: boolean): Buffer | undefined {
    const { x } = this;
    const line = keep
      ? Buffer.from(new Uint8Array(x.memory.buffer, x.pendingPtr(), x.pending()))
      : undefined;
    x.dropPending();
    return line;
  }

  take(): KernelCounts {
    const { x } = this;
    return {
      records: x.takeRecords(),
      kept: x.takeKept(),
      outOfWindow: x.takeOutOfWindow(),
      startMin: x.startMin(),
      endMax: x.endMax(),
    };
  }

  groups(): KernelGroups {
    const { x } = this;
    const n = x.groups();
    const sorted = x.sortedGroups();
    const offsets = sorted ? new Int32Array(x.memory.buffer, sorted, n) : this.insertionOrder(n);
    return { entries: this.entries(offsets), sorted: sorted !== 0 };
  }

  private insertionOrder(n: number): Int32Array {
    const { x } = this;
    const offsets = new Int32Array(n);
    for (let g = 0, off = x.firstGroup(); g < n; g++, off = x.nextGroup(off)) {
      offsets[g] = off;
    }
    return offsets;
  }

  private entries(offsets: Int32Array): DigestEntry[] {
    const { x } = this;
    const mem = Buffer.from(x.memory.buffer);
    return Array.from(offsets, (off) => {
      const at = x.groupKey(off);
      return entryOf([
        mem.toString('utf8', at, at + x.groupKeyLen(off)),
        x.groupA(off),
        x.groupB(off),
      ]);
    });
  }
}
