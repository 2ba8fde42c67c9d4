import type { Digest, DigestEntry } from '../aggregate/digester.ts';
import type { Row } from './duckdb-engine.ts';

const s = (v: string | number | null): string => (v === null ? '-' : String(v));
const n = (v: string | number | null): number => (v === null ? 0 : Number(v));

function entryOf(r: Row): DigestEntry {
  return {
    accountId: s(r.account_id!),
    interfaceId: s(r.interface_id!),
    srcaddr: s(r.srcaddr!),
    dstaddr: s(r.dstaddr!),
    srcport: s(r.srcport!),
    dstport: s(r.dstport!),
    protocol: s(r.protocol!),
    action: s(r.action!),
    logStatus: s(r.log_status!),
    packets: n(r.packets!),
    bytes: n(r.bytes!),
  };
}

function keyOf(e: DigestEntry): string {
  return [
    e.accountId,
    e.interfaceId,
    e.srcaddr,
    e.dstaddr,
    e.srcport,
    e.dstport,
    e.protocol,
    e.action,
    e.logStatus,
  ].join(' ');
}

/** Rows of the digest query → the streaming core's {@link Digest} (same order, same bounds). */
export function digestFromRows(rows: readonly Row[]): Digest {
  const keyed = rows.map((r) => [keyOf(entryOf(r)), entryOf(r)] as const);
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const first = rows[0];
  return {
    entries: keyed.map(([, e]) => e),
    start: first ? n(first.first_start ?? null) : 0,
    end: first ? n(first.last_end ?? null) : 0,
  };
}
