import type { EndpointLookup } from './graph-options.ts';

/**
 * The slice of the enricher's answer (`IpInfo` in src/enrich/) that grouping needs. Declared
 * here so the graph layer depends on a shape, not on the enrichment adapters.
 */
export interface GroupInfo {
  readonly scope: string;
  readonly asn?: { readonly number: number; readonly org: string };
  readonly geo?: { readonly countryCode: string };
}

export type GroupEnricher = (ip: string) => GroupInfo;

/** Non-public scopes that are one network's own space; they all become the `private` group. */
const PRIVATE_SCOPES: ReadonlySet<string> = new Set(['private', 'ula', 'cgnat']);

/** Group name for an address the databases cannot place: its scope, or `unknown`. */
function scopeGroup(scope: string): string | undefined {
  if (scope === 'invalid') {
    return undefined;
  }
  if (PRIVATE_SCOPES.has(scope)) {
    return 'private';
  }
  return scope === 'public' ? 'unknown' : scope;
}

/** `AS15169 Google LLC` for public addresses with a known AS. */
function asnLookup(enrich: GroupEnricher): EndpointLookup {
  return (address) => {
    const info = enrich(address);
    return info.asn ? `AS${info.asn.number} ${info.asn.org}`.trim() : scopeGroup(info.scope);
  };
}

/** The ISO 3166-1 alpha-2 code (`US`) for public addresses with a known location. */
function countryLookup(enrich: GroupEnricher): EndpointLookup {
  return (address) => {
    const info = enrich(address);
    return info.geo?.countryCode ? info.geo.countryCode : scopeGroup(info.scope);
  };
}

/**
 * ASN and country lookups for `--group asn|country` over an enricher. Addresses in private
 * space (RFC 1918, ULA, CGNAT) form one `private` group; other special blocks are named by
 * scope (`loopback`, `link-local`, `documentation`…); public addresses the databases do not
 * know form `unknown`; text that is no address falls back to plain name nodes.
 */
export function groupLookups(enrich: GroupEnricher): {
  readonly asn: EndpointLookup;
  readonly country: EndpointLookup;
} {
  return { asn: asnLookup(enrich), country: countryLookup(enrich) };
}
