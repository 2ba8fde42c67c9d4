import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import type { AsnInfo } from './enricher.ts';
import type { AsnLookup } from './lookup-asn.ts';
import { createIpRangeTableBuilder } from './ip-range-table.ts';
import type { IpRangeTableBuilder } from './ip-range-table.ts';
import { FlowError } from '../model/errors.ts';
import { parseIp, unmapIp } from '../model/ip.ts';

export interface CsvAsnLookupOptions {
  /** `start,end,asn,org` rows with dotted-quad or decimal IPv4 bounds; default: shipped table. */
  readonly ipv4Path?: string;
  /** `start,end,asn,org` rows with IPv6 text bounds; default: shipped. `false` skips IPv6. */
  readonly ipv6Path?: string | false;
}

const PACKAGE = '@ip-location-db/asn';

/** Paths of the tables shipped in the npm package. */
export function shippedAsnPaths(): { ipv4: string; ipv6: string } {
  const require = createRequire(import.meta.url);
  return {
    ipv4: require.resolve(`${PACKAGE}/asn-ipv4-num.csv`),
    ipv6: require.resolve(`${PACKAGE}/asn-ipv6.csv`),
  };
}

/** Splits `start,end,asn,org` where org may be `"quoted, with ""escapes"""`. */
export function parseAsnCsvLine(line: string): [string, string, number, string] | null {
  const c1 = line.indexOf(',');
  const c2 = line.indexOf(',', c1 + 1);
  const c3 = line.indexOf(',', c2 + 1);
  if (c1 < 0 || c2 < 0 || c3 < 0) {
    return null;
  }
  const asn = Number(line.slice(c2 + 1, c3));
  if (!Number.isInteger(asn) || asn < 0 || c3 === c2 + 1) {
    return null;
  }
  let org = line.slice(c3 + 1);
  if (org.length >= 2 && org.startsWith('"') && org.endsWith('"')) {
    org = org.slice(1, -1).replaceAll('""', '"');
  }
  return [line.slice(0, c1), line.slice(c1 + 1, c2), asn, org];
}

/** An IPv4 bound as a uint32, from decimal (`16777216`) or dotted-quad text. */
function ipv4Bound(s: string): number | null {
  if (/^\d{1,10}$/.test(s)) {
    const n = Number(s);
    return n <= 0xffffffff ? n : null;
  }
  const ip = parseIp(s);
  return ip?.family === 4 ? ip.value : null;
}

function addRow(
  builder: IpRangeTableBuilder<AsnInfo>,
  row: [string, string, number, string],
  info: AsnInfo,
): boolean {
  const [start, end] = row;
  const a = ipv4Bound(start);
  const b = ipv4Bound(end);
  if (a !== null && b !== null) {
    builder.addV4(a, b, info);
    return true;
  }
  const x = parseIp(start);
  const y = parseIp(end);
  if (x?.family === 6 && y?.family === 6) {
    builder.addV6(x.bytes, y.bytes, info);
    return true;
  }
  return false;
}

/** Streams one CSV into the builder; org/ASN pairs are shared. Returns rows skipped. */
async function loadCsv(
  path: string,
  builder: IpRangeTableBuilder<AsnInfo>,
  pool: Map<string, AsnInfo>,
): Promise<number> {
  let skipped = 0;
  try {
    const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
    for await (const line of lines) {
      const row = line === '' ? null : parseAsnCsvLine(line);
      if (row === null) {
        skipped += line === '' ? 0 : 1;
        continue;
      }
      const key = `${row[2]}|${row[3]}`;
      const info = pool.get(key) ?? { number: row[2], org: row[3] };
      pool.set(key, info);
      skipped += addRow(builder, row, info) ? 0 : 1;
    }
  } catch (e) {
    const code =
      (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'FLOW_DATA_NOT_FOUND' : 'FLOW_DATA_INVALID';
    throw new FlowError(code, `cannot read ASN table ${path}`, { cause: e });
  }
  return skipped;
}

/** Loads the @ip-location-db ASN CSV tables (about 1 s) and returns an AsnLookup. */
export async function openCsvAsnLookup(
  options: CsvAsnLookupOptions = {},
): Promise<AsnLookup & { readonly size: number; readonly skipped: number }> {
  const shipped = shippedAsnPaths();
  const builder = createIpRangeTableBuilder<AsnInfo>();
  const pool = new Map<string, AsnInfo>();
  let skipped = await loadCsv(options.ipv4Path ?? shipped.ipv4, builder, pool);
  const v6Path = options.ipv6Path ?? shipped.ipv6;
  if (v6Path !== false) {
    skipped += await loadCsv(v6Path, builder, pool);
  }
  const table = builder.build();
  return {
    size: table.size,
    skipped,
    lookup(ip) {
      const parsed = parseIp(ip);
      return parsed === null ? null : table.find(unmapIp(parsed));
    },
  };
}
