import type { IpInfo, IpScope } from './enricher.ts';

/** ip-api.com's JSON answer, the shape the seed system published as `geodata` over MQTT. */
export type Geodata =
  | {
      readonly status: 'success';
      readonly country: string;
      readonly countryCode: string;
      readonly regionName: string;
      readonly city: string;
      readonly lat: number;
      readonly lon: number;
      /** `'AS15169 Google LLC'`, or `''` when the AS is unknown. */
      readonly as: string;
      readonly org: string;
      readonly query: string;
    }
  | {
      readonly status: 'fail';
      readonly message: 'private range' | 'reserved range' | 'invalid query';
      readonly query: string;
    };

type FailMessage = Extract<Geodata, { status: 'fail' }>['message'];

/** ip-api's failure message for each non-public scope. */
const FAIL_MESSAGES: Readonly<Record<Exclude<IpScope, 'public'>, FailMessage>> = {
  private: 'private range',
  cgnat: 'private range',
  loopback: 'private range',
  'link-local': 'private range',
  ula: 'private range',
  multicast: 'reserved range',
  broadcast: 'reserved range',
  documentation: 'reserved range',
  benchmark: 'reserved range',
  unspecified: 'reserved range',
  reserved: 'reserved range',
  invalid: 'invalid query',
};

/**
 * Renders an IpInfo as ip-api's `geodata`. A public address that the databases do not know
 * still succeeds, with empty strings and 0,0 coordinates, as ip-api does for sparse entries;
 * consumers should check `countryCode !== ''` before placing a marker.
 */
export function toGeodata(info: IpInfo): Geodata {
  if (info.scope !== 'public') {
    return { status: 'fail', message: FAIL_MESSAGES[info.scope], query: info.ip };
  }
  const geo = info.geo;
  return {
    status: 'success',
    country: geo?.country ?? '',
    countryCode: geo?.countryCode ?? '',
    regionName: geo?.region ?? '',
    city: geo?.city ?? '',
    lat: geo?.lat ?? 0,
    lon: geo?.lon ?? 0,
    as: info.asn ? `AS${info.asn.number} ${info.asn.org}` : '',
    org: info.asn?.org ?? '',
    query: info.ip,
  };
}
