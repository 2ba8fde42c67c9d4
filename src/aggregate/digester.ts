import type { FlowLineParser } from '../sources/decode/flow-line-parser.ts';
import type { Layout } from '../sources/decode/log-format.ts';
import { ByteKeyTable } from './byte-key-table.ts';
import { ephemeralPort } from '../model/service-port.ts';

/** One digest line: a v2 flow key with summed counters. */
export interface DigestEntry {
  readonly accountId: string;
  readonly interfaceId: string;
  readonly srcaddr: string;
  readonly dstaddr: string;
  readonly srcport: string;
  readonly dstport: string;
  readonly protocol: string;
  readonly action: string;
  readonly logStatus: string;
  readonly packets: number;
  readonly bytes: number;
}

/** A digest key (the v2 key fields joined by spaces) with its summed packets and bytes. */
export type GroupRow = [key: string, packets: number, bytes: number];

/** A finished digest: entries plus the one global time bound every line carries. */
export interface Digest {
  readonly entries: readonly DigestEntry[];
  /** Minimum `start` and maximum `end` over every digested record (0 when empty). */
  readonly start: number;
  readonly end: number;
}

/** Key columns in key order; ports are written normalised, the rest copied byte for byte. */
export const DIGEST_KEY = [
  'accountId',
  'interfaceId',
  'srcaddr',
  'dstaddr',
  'srcport',
  'dstport',
  'protocol',
  'action',
  'logStatus',
] as const;
const SPORT = 4;
const DPORT = 5;
const STATUS = 8;
const SPACE = 32;
const DASH = 45;

interface Columns {
  readonly layout: Layout;
  readonly key: Int32Array;
  readonly packets: number;
  readonly bytes: number;
}

function columnsOf(layout: Layout): Columns {
  return {
    layout,
    key: Int32Array.from(DIGEST_KEY.map((k) => layout.col(k))),
    packets: layout.col('packets'),
    bytes: layout.col('bytes'),
  };
}

/** Writes a non-negative integer's digits (or `-` for null) at `pos`; returns the new end. */
function writeInt(out: Uint8Array, pos: number, v: number | null): number {
  if (v === null) {
    out[pos] = DASH;
    return pos + 1;
  }
  const digits = v === 0 ? 1 : Math.floor(Math.log10(v)) + 1;
  for (let i = pos + digits - 1; i >= pos; i--) {
    out[i] = 48 + (v % 10);
    v = Math.floor(v / 10);
  }
  return pos + digits;
}

/**
 * vpcflow-digesterd's digest as a pure accumulator: records of any version are projected onto
 * the v2 fields; the larger of the two ports (srcport on a tie) is zeroed; packets and bytes are
 * summed per key (every v2 field but packets, bytes, start and end); start/end are global.
 */
export class Digester {
  private readonly table = new ByteKeyTable();
  private absorbed: readonly DigestEntry[] = [];
  /** The absorbed entries are already in key order (the kernel sorted them). */
  private absorbedSorted = false;
  private cols: Columns | undefined;
  private start = Infinity;
  private end = -Infinity;

  /** Adds the parser's current line. */
  addLine(p: FlowLineParser): void {
    if (this.cols?.layout !== p.layout) {
      this.cols = columnsOf(p.layout);
    }
    const { key, packets, bytes } = this.cols;
    const len = this.writeKey(p, key);
    this.table.add(len, p.int(packets) ?? 0, p.int(bytes) ?? 0);
    const s = p.startTime;
    const e = p.endTime;
    if (s !== null && s < this.start) {
      this.start = s;
    }
    if (e !== null && e > this.end) {
      this.end = e;
    }
  }

  private writeKey(p: FlowLineParser, key: Int32Array): number {
    const buf = p.buffer;
    const out = this.table.reserve(p.lineBytes + 64);
    const sp = p.int(key[SPORT]!);
    const dp = p.int(key[DPORT]!);
    const ephemeral = ephemeralPort(sp, dp);
    let pos = 0;
    for (let f = 0; f < DIGEST_KEY.length; f++) {
      if (f > 0) {
        out[pos++] = SPACE;
      }
      if (f === SPORT) {
        pos = writeInt(out, pos, ephemeral === 'src' ? 0 : sp);
      } else if (f === DPORT) {
        pos = writeInt(out, pos, ephemeral === 'dst' ? 0 : dp);
      } else if (f === STATUS && key[f]! < 0) {
        pos = writeOk(out, pos);
      } else {
        pos = copyField(p, buf, key[f]!, out, pos);
      }
    }
    return pos;
  }

  /**
   * Takes groups aggregated elsewhere (the digest kernel), as entries, and their time bounds
   * (±Infinity when empty). They are merged with this digester's own in {@link result}.
   */
  absorb(entries: readonly DigestEntry[], start: number, end: number, sorted = false): void {
    this.absorbedSorted = sorted && this.absorbed.length === 0;
    this.absorbed = this.absorbed.length === 0 ? entries : this.absorbed.concat(entries);
    this.start = Math.min(this.start, start);
    this.end = Math.max(this.end, end);
  }

  /** Groups so far (own and absorbed; a key in both counts twice until {@link result}). */
  get size(): number {
    return this.table.size + this.absorbed.length;
  }

  /** Entries sorted by key, so output is deterministic (upstream's order was random). */
  result(): Digest {
    const own = [...this.table.entries()];
    const entries =
      own.length === 0 && this.absorbedSorted
        ? this.absorbed
        : sortedRows(mergeRows(own, this.absorbed)).map(entryOf);
    return {
      entries,
      start: this.start === Infinity ? 0 : this.start,
      end: this.end === -Infinity ? 0 : this.end,
    };
  }
}

/** The key of an entry: its key fields joined by spaces (the order digests are sorted in). */
function keyOf(e: DigestEntry): string {
  return `${e.accountId} ${e.interfaceId} ${e.srcaddr} ${e.dstaddr} ${e.srcport} ${e.dstport} ${e.protocol} ${e.action} ${e.logStatus}`;
}

function sortedRows(rows: GroupRow[]): GroupRow[] {
  return rows.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
}

/** Own rows and absorbed entries as one list of rows, summing keys present in both. */
function mergeRows(own: GroupRow[], absorbed: readonly DigestEntry[]): GroupRow[] {
  if (absorbed.length === 0) {
    return own;
  }
  const byKey = new Map<string, GroupRow>();
  for (const e of absorbed) {
    const key = keyOf(e);
    byKey.set(key, [key, e.packets, e.bytes]);
  }
  for (const [key, packets, bytes] of own) {
    const row = byKey.get(key);
    if (row) {
      row[1] += packets;
      row[2] += bytes;
    } else {
      byKey.set(key, [key, packets, bytes]);
    }
  }
  return [...byKey.values()];
}

/** The entry of a row: its key cut at the spaces (slices, which cost less than `split`). */
export function entryOf([key, packets, bytes]: GroupRow): DigestEntry {
  let a = 0;
  let b = key.indexOf(' ');
  const next = (): string => {
    const field = key.slice(a, b);
    a = b + 1;
    b = key.indexOf(' ', a);
    return field;
  };
  const accountId = next();
  const interfaceId = next();
  const srcaddr = next();
  const dstaddr = next();
  const srcport = next();
  const dstport = next();
  const protocol = next();
  const action = next();
  return {
    accountId,
    interfaceId,
    srcaddr,
    dstaddr,
    srcport,
    dstport,
    protocol,
    action,
    logStatus: key.slice(a),
    packets,
    bytes,
  };
}

function copyField(
  p: FlowLineParser,
  buf: Uint8Array,
  col: number,
  out: Uint8Array,
  pos: number,
): number {
  const s = p.fieldStart(col);
  if (s < 0) {
    out[pos] = DASH;
    return pos + 1;
  }
  const e = p.fieldEnd(col);
  for (let i = s; i < e; i++) {
    out[pos++] = buf[i]!;
  }
  return pos;
}

/** Records without a log-status column reached the digester as flows: they are `OK`. */
function writeOk(out: Uint8Array, pos: number): number {
  out[pos] = 79;
  out[pos + 1] = 75;
  return pos + 2;
}
