import type { FlowLineParser } from '../sources/decode/flow-line-parser.ts';
import type { Layout } from '../sources/decode/log-format.ts';

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
  packets: number;
  bytes: number;
}

/** A finished digest: entries plus the one global time bound every line carries. */
export interface Digest {
  readonly entries: readonly DigestEntry[];
  /** Minimum `start` and maximum `end` over every digested record (0 when empty). */
  readonly start: number;
  readonly end: number;
}

interface Columns {
  readonly layout: Layout;
  readonly c: readonly number[];
}

const KEY_FIELDS = [
  'accountId',
  'interfaceId',
  'srcaddr',
  'dstaddr',
  'srcport',
  'dstport',
  'protocol',
  'action',
  'logStatus',
  'packets',
  'bytes',
] as const;
const [ACCT, ENI, SRC, DST, SPORT, DPORT, PROTO, ACTION, STATUS, PACKETS, BYTES] = KEY_FIELDS.map(
  (_, i) => i,
) as number[] as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

/**
 * vpcflow-digesterd's digest as a pure accumulator: records of any version are projected onto
 * the v2 fields; the larger of the two ports (srcport on a tie) is zeroed; packets and bytes are
 * summed per key (every v2 field but packets, bytes, start and end); start/end are global.
 */
export class Digester {
  private readonly groups = new Map<string, DigestEntry>();
  private cols: Columns | undefined;
  private start = Infinity;
  private end = -Infinity;

  /** Adds the parser's current line. */
  addLine(p: FlowLineParser): void {
    const layout = p.layout;
    if (this.cols?.layout !== layout) {
      this.cols = { layout, c: KEY_FIELDS.map((k) => layout.col(k)) };
    }
    const c = this.cols.c;
    const sp = p.int(c[SPORT]!);
    const dp = p.int(c[DPORT]!);
    const [nsp, ndp] = normalisePorts(sp, dp);
    const prefix =
      (p.str(c[ACCT]!) ?? '-') +
      ' ' +
      (p.str(c[ENI]!) ?? '-') +
      ' ' +
      (p.str(c[SRC]!) ?? '-') +
      ' ' +
      (p.str(c[DST]!) ?? '-') +
      ' ' +
      nsp +
      ' ' +
      ndp +
      ' ' +
      (p.int(c[PROTO]!) ?? '-');
    const action = p.str(c[ACTION]!) ?? '-';
    const status = p.str(c[STATUS]!) ?? 'OK';
    const key = prefix + ' ' + action + ' ' + status;
    let g = this.groups.get(key);
    if (!g) {
      g = entryFrom(key, action, status);
      this.groups.set(key, g);
    }
    g.packets += p.int(c[PACKETS]!) ?? 0;
    g.bytes += p.int(c[BYTES]!) ?? 0;
    const s = p.startTime;
    const e = p.endTime;
    if (s !== null && s < this.start) {
      this.start = s;
    }
    if (e !== null && e > this.end) {
      this.end = e;
    }
  }

  get size(): number {
    return this.groups.size;
  }

  /** Entries sorted by key, so output is deterministic (upstream's order was random). */
  result(): Digest {
    const keys = [...this.groups.keys()].sort();
    return {
      entries: keys.map((k) => this.groups.get(k)!),
      start: this.start === Infinity ? 0 : this.start,
      end: this.end === -Infinity ? 0 : this.end,
    };
  }
}

/** digesterd's rule: the larger port becomes 0; on a tie, srcport. `-` stays `-`. */
export function normalisePorts(sp: number | null, dp: number | null): [string, string] {
  if (sp === null || dp === null) {
    return [sp === null ? '-' : String(sp), dp === null ? '-' : String(dp)];
  }
  return sp < dp ? [String(sp), '0'] : ['0', String(dp)];
}

function entryFrom(key: string, action: string, logStatus: string): DigestEntry {
  const [accountId, interfaceId, srcaddr, dstaddr, srcport, dstport, protocol] = key.split(
    ' ',
  ) as string[];
  return {
    accountId: accountId!,
    interfaceId: interfaceId!,
    srcaddr: srcaddr!,
    dstaddr: dstaddr!,
    srcport: srcport!,
    dstport: dstport!,
    protocol: protocol!,
    action,
    logStatus,
    packets: 0,
    bytes: 0,
  };
}
