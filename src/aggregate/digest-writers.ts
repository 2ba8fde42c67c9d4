import type { Digest, DigestEntry } from './digester.ts';

/** A digest serialiser: yields text chunks so large digests stream out. */
export type DigestWriter = (digest: Digest) => Iterable<string>;

const CHUNK_LINES = 4096;

function* chunked(
  entries: readonly DigestEntry[],
  line: (e: DigestEntry) => string,
  head = '',
  tail = '',
) {
  let buf = head;
  for (let i = 0; i < entries.length; i++) {
    buf += line(entries[i]!);
    if (i % CHUNK_LINES === CHUNK_LINES - 1) {
      yield buf;
      buf = '';
    }
  }
  buf += tail;
  if (buf !== '') {
    yield buf;
  }
}

/** digesterd's format: 14-field v2 lines with version `2` and the global start/end. */
function* digestLines(d: Digest): Iterable<string> {
  const bounds = ` ${d.start} ${d.end} `;
  yield* chunked(
    d.entries,
    (e) =>
      `2 ${e.accountId} ${e.interfaceId} ${e.srcaddr} ${e.dstaddr} ${e.srcport} ${e.dstport} ${e.protocol} ${e.packets} ${e.bytes}${bounds}${e.action} ${e.logStatus}\n`,
  );
}

const CSV_HEADER =
  'version,account-id,interface-id,srcaddr,dstaddr,srcport,dstport,protocol,packets,bytes,start,end,action,log-status\n';

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function* csvLines(d: Digest): Iterable<string> {
  yield* chunked(
    d.entries,
    (e) =>
      [
        2,
        e.accountId,
        e.interfaceId,
        e.srcaddr,
        e.dstaddr,
        e.srcport,
        e.dstport,
        e.protocol,
        e.packets,
        e.bytes,
        d.start,
        d.end,
        e.action,
        e.logStatus,
      ]
        .map((v) => csvField(String(v)))
        .join(',') + '\n',
    CSV_HEADER,
  );
}

function jsonValue(v: string): string | number | null {
  if (v === '-') {
    return null;
  }
  return /^\d+$/.test(v) ? Number(v) : v;
}

/** `{"start":…,"end":…,"flows":[{…}]}` with typed values (`-` → null; account-id a string). */
function* jsonLines(d: Digest): Iterable<string> {
  let first = true;
  yield* chunked(
    d.entries,
    (e) => {
      const o = {
        accountId: e.accountId === '-' ? null : e.accountId,
        interfaceId: jsonValue(e.interfaceId) === null ? null : e.interfaceId,
        srcaddr: jsonValue(e.srcaddr) === null ? null : e.srcaddr,
        dstaddr: jsonValue(e.dstaddr) === null ? null : e.dstaddr,
        srcport: jsonValue(e.srcport),
        dstport: jsonValue(e.dstport),
        protocol: jsonValue(e.protocol),
        packets: e.packets,
        bytes: e.bytes,
        action: e.action === '-' ? null : e.action,
        logStatus: e.logStatus,
      };
      const s = (first ? '\n  ' : ',\n  ') + JSON.stringify(o);
      first = false;
      return s;
    },
    `{"start":${d.start},"end":${d.end},"flows":[`,
    '\n]}\n',
  );
}

/** The digest output formats, by `--format` name. */
export const digestWriters = {
  digest: digestLines,
  json: jsonLines,
  csv: csvLines,
} as const satisfies Record<string, DigestWriter>;

export type DigestFormat = keyof typeof digestWriters;
