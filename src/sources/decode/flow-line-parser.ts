import type { FlowRecord } from '../../model/flow-record.ts';
import { DEFAULT_LAYOUT, compileLayout, looksLikeHeader, type Layout } from './log-format.ts';
import { isIpBytes } from './ip-bytes.ts';

/** What one line turned out to be. */
export const LineKind = {
  FLOW: 0,
  HEADER: 1,
  SKIP: 2,
  NODATA: 3,
  SKIPDATA: 4,
  BLANK: 5,
} as const;
export type LineKind = (typeof LineKind)[keyof typeof LineKind];

/** Skip reasons, low-cardinality codes reported in `skipped`. */
export type SkipReason =
  | 'too_few_fields'
  | 'too_many_fields'
  | 'binary_junk'
  | 'bad_number'
  | 'bad_port'
  | 'bad_protocol'
  | 'bad_address'
  | 'bad_action'
  | 'bad_log_status';

const MAX_FIELDS = 256;
/** Above this a timestamp is taken to be in milliseconds (1e11 s is the year 5138). */
const MS_THRESHOLD = 1e11;
/** Record keys holding addresses; each must be `-` or parse as IPv4/IPv6 (else `bad_address`). */
export const ADDRESS_KEYS: readonly string[] = ['srcaddr', 'dstaddr', 'pktSrcaddr', 'pktDstaddr'];
/** Numeric record keys with a maximum, and the reason reported above it (others: no maximum). */
export const LIMITS: readonly (readonly [string, number, SkipReason])[] = [
  ['srcport', 65535, 'bad_port'],
  ['dstport', 65535, 'bad_port'],
  ['protocol', 255, 'bad_protocol'],
];
const DASH = 45;

/** Per-layout column sets, computed once when the layout changes. */
export interface LinePlan {
  readonly layout: Layout;
  /** Numeric columns, their maximum value and the reason reported above it. */
  readonly numeric: Int32Array;
  readonly max: Float64Array;
  readonly overReason: readonly SkipReason[];
  readonly addresses: Int32Array;
  readonly status: number;
  readonly action: number;
  readonly start: number;
  readonly end: number;
}

/** The columns a layout's lines are validated on (shared with the digest kernel). */
export function linePlan(layout: Layout): LinePlan {
  const numeric: number[] = [];
  const max: number[] = [];
  const overReason: SkipReason[] = [];
  layout.specs.forEach((s, i) => {
    if (s && s.type !== 'string') {
      const limit = LIMITS.find(([k]) => k === s.key);
      numeric.push(i);
      max.push(limit ? limit[1] : Infinity);
      overReason.push(limit ? limit[2] : 'bad_number');
    }
  });
  return {
    layout,
    numeric: Int32Array.from(numeric),
    max: Float64Array.from(max),
    overReason,
    addresses: Int32Array.from(ADDRESS_KEYS.map((k) => layout.col(k)).filter((c) => c >= 0)),
    status: layout.col('logStatus'),
    action: layout.col('action'),
    start: layout.col('start'),
    end: layout.col('end'),
  };
}

/**
 * A byte-level, header-driven flow-log line parser. `parse()` tokenises one line in place
 * (offsets into the caller's buffer, no strings), validates it against the layout and says what
 * it is; the accessors then read typed values of the current line. One instance per stream: a
 * header line switches its layout.
 */
export class FlowLineParser {
  private plan: LinePlan;
  private readonly layouts = new Map<string, LinePlan>();
  private buf: Buffer = Buffer.alloc(0);
  private readonly starts = new Int32Array(MAX_FIELDS + 1);
  private readonly ends = new Int32Array(MAX_FIELDS + 1);
  private n = 0;
  /** 1 when the line carries a CloudWatch-export timestamp before the record. */
  private off = 0;
  /** Why the last line was skipped. */
  skipReason: SkipReason = 'too_few_fields';

  constructor(layout: Layout = DEFAULT_LAYOUT) {
    this.plan = linePlan(layout);
  }

  get layout(): Layout {
    return this.plan.layout;
  }

  /** The current layout's validation plan (its `layout` is {@link layout}). */
  get columns(): LinePlan {
    return this.plan;
  }

  setLayout(layout: Layout): void {
    this.plan = linePlan(layout);
  }

  /** Parses `buf[s, e)` (no trailing newline). */
  parse(buf: Buffer, s: number, e: number): LineKind {
    this.buf = buf;
    if (e > s && buf[e - 1] === 13) {
      e--;
    }
    const n = this.tokenize(buf, s, e);
    if (n < 0) {
      return LineKind.SKIP;
    }
    if (n === 0) {
      return LineKind.BLANK;
    }
    const first = buf[this.starts[0]!]!;
    if (((first >= 97 && first <= 122) || first === 36) && this.tryHeader()) {
      return LineKind.HEADER;
    }
    return this.classify(n);
  }

  private tokenize(buf: Buffer, s: number, e: number): number {
    const { starts, ends } = this;
    let n = 0;
    let i = s;
    while (i < e) {
      let c = buf[i]!;
      while (c === 32 || c === 9) {
        if (++i === e) {
          return (this.n = n);
        }
        c = buf[i]!;
      }
      if (n === MAX_FIELDS) {
        return this.skip('too_many_fields');
      }
      starts[n] = i;
      while (i < e && (c = buf[i]!) !== 32 && c !== 9) {
        if (c < 32 || c === 127) {
          return this.skip('binary_junk');
        }
        i++;
      }
      ends[n++] = i;
    }
    return (this.n = n);
  }

  private skip(reason: SkipReason): -1 {
    this.skipReason = reason;
    return -1;
  }

  private tryHeader(): boolean {
    const tokens: string[] = [];
    for (let k = 0; k < this.n; k++) {
      tokens.push(this.text(k));
    }
    if (!looksLikeHeader(tokens)) {
      return false;
    }
    const key = tokens.join(' ');
    let plan = this.layouts.get(key);
    if (!plan) {
      plan = linePlan(compileLayout(tokens));
      this.layouts.set(key, plan);
    }
    this.plan = plan;
    return true;
  }

  private classify(n: number): LineKind {
    const width = this.plan.layout.width;
    this.off = n === width + 1 && this.isExportTimestamp(0) ? 1 : 0;
    if (n - this.off !== width) {
      this.skipReason = n - this.off < width ? 'too_few_fields' : 'too_many_fields';
      return LineKind.SKIP;
    }
    const status = this.statusKind();
    if (status !== LineKind.FLOW) {
      return status;
    }
    const reason = this.validate();
    if (reason) {
      this.skipReason = reason;
      return LineKind.SKIP;
    }
    return LineKind.FLOW;
  }

  /** `2025-02-25T12:25:04.000Z`-style prefix added by CloudWatch export to S3. */
  private isExportTimestamp(k: number): boolean {
    const s = this.starts[k]!;
    const b = this.buf;
    return this.ends[k]! - s >= 20 && b[s + 4] === 45 && b[s + 7] === 45 && b[s + 10] === 84;
  }

  private statusKind(): LineKind {
    const col = this.plan.status;
    if (col < 0) {
      return LineKind.FLOW;
    }
    const k = col + this.off;
    if (this.tokenIs(k, 'OK')) {
      return LineKind.FLOW;
    }
    if (this.tokenIs(k, 'NODATA')) {
      return LineKind.NODATA;
    }
    if (this.tokenIs(k, 'SKIPDATA')) {
      return LineKind.SKIPDATA;
    }
    this.skipReason = 'bad_log_status';
    return LineKind.SKIP;
  }

  /** Case-insensitive comparison of token `k` with an upper-case ASCII word. */
  private tokenIs(k: number, word: string): boolean {
    const s = this.starts[k]!;
    if (this.ends[k]! - s !== word.length) {
      return false;
    }
    for (let i = 0; i < word.length; i++) {
      if ((this.buf[s + i]! & 0xdf) !== word.charCodeAt(i)) {
        return false;
      }
    }
    return true;
  }

  private validate(): SkipReason | undefined {
    const { plan, off } = this;
    const { numeric, max } = plan;
    for (let i = 0; i < numeric.length; i++) {
      const v = this.rawInt(numeric[i]! + off);
      if (v !== null && !(v <= max[i]!)) {
        return Number.isNaN(v) ? 'bad_number' : plan.overReason[i];
      }
    }
    const { addresses } = plan;
    for (let i = 0; i < addresses.length; i++) {
      const k = addresses[i]! + off;
      if (!this.isDash(k) && !isIpBytes(this.buf, this.starts[k]!, this.ends[k]!)) {
        return 'bad_address';
      }
    }
    if (plan.action >= 0) {
      const k = plan.action + off;
      if (!this.isDash(k) && !this.tokenIs(k, 'ACCEPT') && !this.tokenIs(k, 'REJECT')) {
        return 'bad_action';
      }
    }
    return undefined;
  }

  private isDash(k: number): boolean {
    const s = this.starts[k]!;
    return this.ends[k]! - s === 1 && this.buf[s] === DASH;
  }

  /** Decimal value of token k; `null` for `-`, NaN when not a non-negative integer. */
  private rawInt(k: number): number | null {
    const s = this.starts[k]!;
    const e = this.ends[k]!;
    const b = this.buf;
    if (e - s === 1 && b[s] === DASH) {
      return null;
    }
    if (e - s > 20) {
      return NaN;
    }
    let v = 0;
    for (let i = s; i < e; i++) {
      const d = b[i]! - 48;
      if (d < 0 || d > 9) {
        return NaN;
      }
      v = v * 10 + d;
    }
    return v;
  }

  // ---- accessors for the current (valid) line; `col` is a layout column, -1 = absent ----

  /** Integer field; `null` when absent or `-`. */
  int(col: number): number | null {
    return col < 0 ? null : this.rawInt(col + this.off);
  }

  /** Timestamp field in Unix seconds (millisecond values are normalised). */
  time(col: number): number | null {
    const v = this.int(col);
    return v !== null && v > MS_THRESHOLD ? Math.floor(v / 1000) : v;
  }

  /** Text field; `null` when absent or `-`. */
  str(col: number): string | null {
    if (col < 0) {
      return null;
    }
    const k = col + this.off;
    return this.isDash(k) ? null : this.text(k);
  }

  /** Token k of the line as text (`-` included). */
  private text(k: number): string {
    return this.buf.toString('utf8', this.starts[k]!, this.ends[k]!);
  }

  /** Byte offset where field `col` starts in {@link buffer}; -1 when the layout lacks it. */
  fieldStart(col: number): number {
    return col < 0 ? -1 : this.starts[col + this.off]!;
  }

  /** Byte offset just past field `col`; -1 when the layout lacks it. */
  fieldEnd(col: number): number {
    return col < 0 ? -1 : this.ends[col + this.off]!;
  }

  /** Bytes from the first to the end of the last token of the current line. */
  get lineBytes(): number {
    return this.n === 0 ? 0 : this.ends[this.n - 1]! - this.starts[0]!;
  }

  get buffer(): Buffer {
    return this.buf;
  }

  get startTime(): number | null {
    return this.time(this.plan.start);
  }

  get endTime(): number | null {
    return this.time(this.plan.end);
  }

  /** Materialises the current line as a {@link FlowRecord}. */
  toRecord(): FlowRecord {
    const rec: Record<string, unknown> = {};
    const { specs, names } = this.plan.layout;
    for (let c = 0; c < specs.length; c++) {
      const spec = specs[c];
      if (!spec) {
        ((rec.extra ??= {}) as Record<string, string | null>)[names[c]!] = this.str(c);
      } else if (spec.type === 'string') {
        rec[spec.key] = this.str(c);
      } else {
        rec[spec.key] = spec.key === 'start' || spec.key === 'end' ? this.time(c) : this.int(c);
      }
    }
    return rec as FlowRecord;
  }
}
