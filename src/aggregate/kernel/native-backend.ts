import type { TimeWindow } from '../../model/flow-record.ts';
import type { NativeGunzipHandle } from '../../native/addon.ts';
import type { LinePlan } from '../../sources/decode/flow-line-parser.ts';
import { DIGEST_KEY, type DigestEntry } from '../digester.ts';
import {
  layoutScalars,
  type KernelBackend,
  type KernelCounts,
  type KernelGroups,
} from './kernel-backend.ts';

declare const handle: unique symbol;
/** A native kernel instance (freed by the garbage collector). */
export type NativeKernelHandle = { readonly [handle]: true };

/** The digest kernel's functions in the native addon (`native/kernel.c`). */
export interface NativeKernelApi {
  kernelCreate(): NativeKernelHandle;
  kernelConfigure(
    k: NativeKernelHandle,
    keyCols: Int32Array,
    numCols: Int32Array,
    numMax: Float64Array,
    addrCols: Int32Array,
    scalars: Int32Array,
  ): void;
  kernelSetWindow(k: NativeKernelHandle, on: boolean, start: number, stop: number): void;
  kernelPush(k: NativeKernelHandle, bytes: Buffer): void;
  /**
   * Inflates at most `max` bytes from a native gunzip straight into the kernel's input (after
   * the carried partial line); returns the count, 0 when the gunzip needs more input. Faults
   * throw as `gunzipRead`'s do.
   */
  kernelInflate(k: NativeKernelHandle, gunzip: NativeGunzipHandle, max: number): number;
  kernelRun(k: NativeKernelHandle): number;
  kernelDeferred(k: NativeKernelHandle): Buffer;
  kernelPending(k: NativeKernelHandle): number;
  kernelTakePending(k: NativeKernelHandle, keep: boolean): Buffer | undefined;
  kernelTake(k: NativeKernelHandle, out: Float64Array): void;
  kernelGroups(k: NativeKernelHandle): NativeGroups;
}

/**
 * The groups as the addon hands them over: group g's key fields are the distinct values
 * numbered `fields[9g .. 9g + 8]` (`values` holds each once, newline-terminated), its packets
 * and bytes `sums[2g]` and `sums[2g + 1]`.
 */
export interface NativeGroups {
  readonly values: string;
  readonly fields: Int32Array;
  readonly sums: Float64Array;
  readonly sorted: boolean;
}

/** The kernel compiled to machine code by the native addon; same contract as the WebAssembly one. */
export class NativeBackend implements KernelBackend {
  private readonly k: NativeKernelHandle;
  private readonly counts = new Float64Array(5);

  constructor(
    private readonly api: NativeKernelApi,
    window?: TimeWindow,
  ) {
    this.k = api.kernelCreate();
    api.kernelSetWindow(this.k, window !== undefined, window?.start ?? 0, window?.stop ?? 0);
  }

  configure(plan: LinePlan): void {
    const { layout } = plan;
    this.api.kernelConfigure(
      this.k,
      Int32Array.from(DIGEST_KEY.map((k) => layout.col(k))),
      plan.numeric,
      plan.max,
      plan.addresses,
      Int32Array.from(layoutScalars(plan)),
    );
  }

  push(bytes: Buffer): void {
    this.api.kernelPush(this.k, bytes);
  }

  inflateFrom(gunzip: NativeGunzipHandle, max: number): number {
    return this.api.kernelInflate(this.k, gunzip, max);
  }

  run(): boolean {
    return this.api.kernelRun(this.k) === 1;
  }

  deferred(): Buffer {
    return this.api.kernelDeferred(this.k);
  }

  pending(): number {
    return this.api.kernelPending(this.k);
  }

  takePending(keep: boolean): Buffer | undefined {
    return this.api.kernelTakePending(this.k, keep);
  }

  take(): KernelCounts {
    const c = this.counts;
    this.api.kernelTake(this.k, c);
    return { records: c[0]!, kept: c[1]!, outOfWindow: c[2]!, startMin: c[3]!, endMax: c[4]! };
  }

  groups(): KernelGroups {
    const groups = this.api.kernelGroups(this.k);
    return { entries: entriesOf(groups), sorted: groups.sorted };
  }
}

/** Digest entries sharing one string per distinct field value. */
function entriesOf({ values, fields: f, sums }: NativeGroups): DigestEntry[] {
  const v = values.split('\n');
  const out = new Array<DigestEntry>(sums.length / 2);
  for (let g = 0, j = 0; g < out.length; g++, j += 9) {
    out[g] = {
      accountId: v[f[j]!]!,
      interfaceId: v[f[j + 1]!]!,
      srcaddr: v[f[j + 2]!]!,
      dstaddr: v[f[j + 3]!]!,
      srcport: v[f[j + 4]!]!,
      dstport: v[f[j + 5]!]!,
      protocol: v[f[j + 6]!]!,
      action: v[f[j + 7]!]!,
      logStatus: v[f[j + 8]!]!,
      packets: sums[2 * g]!,
      bytes: sums[2 * g + 1]!,
    };
  }
  return out;
}
