/** Credit lines the CLI and dashboard must show when they display enriched data. */
export interface Attribution {
  readonly text: string;
  readonly url: string;
  readonly license: string;
}

/** DB-IP IP to City Lite (CC BY 4.0): web pages using it must link back to db-ip.com. */
export const DBIP_ATTRIBUTION: Attribution = {
  text: 'IP Geolocation by DB-IP',
  url: 'https://db-ip.com',
  license: 'CC BY 4.0',
};

/** The ASN table of @ip-location-db/asn merges these sources (all CC BY 4.0). */
export const ASN_ATTRIBUTIONS: readonly Attribution[] = [
  { text: 'IP to ASN data by RouteViews', url: 'https://www.routeviews.org', license: 'CC BY 4.0' },
  { text: 'IP to ASN Lite by DB-IP', url: 'https://db-ip.com', license: 'CC BY 4.0' },
  { text: 'RIR statistics by NRO', url: 'https://www.nro.net', license: 'CC BY 4.0' },
];

/** AWS ownership comes from the ip-ranges.json that AWS publishes. */
export const AWS_RANGES_ATTRIBUTION: Attribution = {
  text: 'AWS IP address ranges published by Amazon Web Services',
  url: 'https://ip-ranges.amazonaws.com/ip-ranges.json',
  license: 'published by AWS for public use',
};

/** Every data source flowlens enrichment may use, for an "About the data" footer. */
export const DATA_ATTRIBUTIONS: readonly Attribution[] = [
  DBIP_ATTRIBUTION,
  ...ASN_ATTRIBUTIONS,
  AWS_RANGES_ATTRIBUTION,
];
