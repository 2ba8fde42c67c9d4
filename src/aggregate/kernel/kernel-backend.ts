import type { NativeGunzipHandle } from '../../native/addon.ts';
import type { LinePlan } from '../../sources/decode/flow-line-parser.ts';
import type { DigestEntry } from '../digester.ts';

/** What a kernel counted since the last {@link KernelBackend.take}, and its time bounds. */
export interface KernelCounts {
  readonly records: number;
  readonly kept: number;
  readonly outOfWindow: number;
  /** Smallest `start` and largest `end` digested so far (±Infinity when none). */
  readonly startMin: number;
  readonly endMax: number;
}

/** The kernel's groups at the end of a digest. */
export interface KernelGroups {
  readonly entries: readonly DigestEntry[];
  /** Entries come in key order (JS string order), so the digester need not sort them. */
  readonly sorted: boolean;
}

/**
 * One implementation of the digest kernel (WebAssembly or native): the same contract, the same
 * results. It keeps a partial last line between pushes and stops at every line it will not vouch
 * for, so the host can hand that line to the JS parser.
 */
export interface KernelBackend {
  /** Points the kernel at the columns of a layout. */
  configure(plan: LinePlan): void;
  /** Appends decoded bytes (at most {@link KERNEL_PIECE}) after the carried partial line. */
  push(bytes: Buffer): void;
  /**
   * Like {@link push}, with bytes inflated by the native gunzip straight into the kernel's
   * memory (at most `max`; returns the count, 0 when the gunzip needs input). Only kernels
   * that share the addon's memory have it (the native one).
   */
  inflateFrom?(gunzip: NativeGunzipHandle, max: number): number;
  /** Digests complete lines; true when it stopped at a line for the host ({@link deferred}). */
  run(): boolean;
  /** The line `run` stopped at, newline excluded (valid until the next call). */
  deferred(): Buffer;
  /** Bytes carried over: a line without its newline yet. */
  pending(): number;
  /** Drops the carried bytes, returning a copy of them when `keep`. */
  takePending(keep: boolean): Buffer | undefined;
  /** Counters since the last take (then reset) and the time bounds so far. */
  take(): KernelCounts;
  groups(): KernelGroups;
}

/**
 * The layout's single columns a kernel needs, in this order: width, log-status, action, start,
 * end, packets, bytes (-1 when absent).
 */
export function layoutScalars(plan: LinePlan): number[] {
  const { layout } = plan;
  return [
    layout.width,
    plan.status,
    plan.action,
    plan.start,
    plan.end,
    layout.col('packets'),
    layout.col('bytes'),
  ];
}

/** Most bytes handed to {@link KernelBackend.push} at once. */
export const KERNEL_PIECE = 1 << 20;
