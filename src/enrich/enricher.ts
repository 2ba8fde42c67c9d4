/**
 * The enrichment contract. The core owns these types; adapters (mmdb readers, CSV tables,
 * snapshot files) implement the ports in `geolocate.ts`, `lookup-asn.ts` and `aws-ranges.ts`,
 * and the core never imports an adapter.
 */

/** Where an address sits in the address space (see `classify-ip.ts` for the table). */
export type IpScope =
  | 'public'
  | 'private'
  | 'cgnat'
  | 'loopback'
  | 'link-local'
  | 'ula'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'benchmark'
  | 'unspecified'
  | 'reserved'
  /** Not an IP address at all (`'-'` in a NODATA record, garbage). */
  | 'invalid';

export interface GeoInfo {
  /** English country name, e.g. `'United States'`; `''` when the source has none. */
  readonly country: string;
  /** ISO 3166-1 alpha-2, e.g. `'US'`. */
  readonly countryCode: string;
  /** First-level subdivision name, e.g. `'California'`; `''` when unknown. */
  readonly region: string;
  readonly city: string;
  readonly lat: number;
  readonly lon: number;
}

export interface AsnInfo {
  readonly number: number;
  /** The AS organisation name, e.g. `'Google LLC'`. */
  readonly org: string;
}

export interface AwsInfo {
  /** AWS service name from ip-ranges.json, e.g. `'EC2'`, `'S3'`, `'AMAZON'`. */
  readonly service: string;
  /** AWS region, e.g. `'us-east-1'`, or `'GLOBAL'`. */
  readonly region: string;
  /** The matching published prefix, e.g. `'3.5.140.0/22'`. */
  readonly prefix: string;
}

/** What flowlens knows about one address. Attributes are absent when unknown. */
export interface IpInfo {
  readonly ip: string;
  readonly scope: IpScope;
  readonly geo?: GeoInfo;
  readonly asn?: AsnInfo;
  readonly aws?: AwsInfo;
}

/** The attributes an enrichment step may add. */
export type IpAttributes = Omit<IpInfo, 'ip' | 'scope'>;

/**
 * One enrichment step: given the address and its scope, return attributes to add, or
 * `undefined` when it knows nothing. Steps must not throw on any input.
 */
export type EnrichStep = (ip: string, scope: IpScope) => IpAttributes | undefined;

/** Turns an address string into an `IpInfo`. Never throws. */
export type Enricher = (ip: string) => IpInfo;

/**
 * Builds an `Enricher` from a classifier and steps. Steps run in order; a later step's
 * attribute replaces an earlier one of the same name.
 */
export function composeEnrichers(
  classify: (ip: string) => IpScope,
  ...steps: readonly EnrichStep[]
): Enricher {
  return (ip) => {
    const scope = classify(ip);
    let info: IpInfo = { ip, scope };
    for (const step of steps) {
      const attrs = step(ip, scope);
      if (attrs !== undefined) {
        info = { ...info, ...attrs };
      }
    }
    return info;
  };
}
