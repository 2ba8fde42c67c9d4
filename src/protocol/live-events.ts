/**
 * The live-event protocol: what `flowlens serve` pushes to the dashboard over the `/live`
 * WebSocket (one JSON text frame per event), and what the dashboard may send back.
 *
 * This is the ONE module of `src/` the browser imports: types and a few pure helpers only, no
 * `node:` imports, no imports from the rest of `src/`. Changing a shape here is a protocol
 * change: bump {@link LIVE_PROTOCOL_VERSION}. See `docs/live.md`.
 */

/** Bumped on any incompatible change to the shapes below. */
export const LIVE_PROTOCOL_VERSION = 1;

/** The WebSocket path on `flowlens serve`. */
export const LIVE_PATH = '/live';

/** Where an address sits in the address space (mirrors the enricher's classification). */
export type LiveScope =
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
  | 'invalid';

/** Geolocation of a public address (DB-IP City Lite; credit it, see `HelloEvent.attribution`). */
export interface LiveGeo {
  /** English country name, e.g. `'United States'`; `''` when unknown. */
  readonly country: string;
  /** ISO 3166-1 alpha-2, e.g. `'US'`; `''` when unknown. */
  readonly countryCode: string;
  /** First-level subdivision, e.g. `'California'`; `''` when unknown. */
  readonly region: string;
  readonly city: string;
  readonly lat: number;
  readonly lon: number;
}

/** One end of a flow, enriched. Private and reserved addresses never carry `geo`. */
export interface LiveEndpoint {
  /** The address as logged; `'-'` when the record had none. */
  readonly ip: string;
  readonly port: number | null;
  readonly scope: LiveScope;
  readonly geo?: LiveGeo;
  /** Autonomous system, e.g. `{ number: 15169, org: 'Google LLC' }`. */
  readonly asn?: { readonly number: number; readonly org: string };
  /** AWS ownership from AWS's published ranges, e.g. `{ service: 'S3', region: 'us-east-1' }`. */
  readonly aws?: { readonly service: string; readonly region: string };
}

/** `ACCEPT`, `REJECT`, or `'-'` when the record has no action (Transit Gateway logs). */
export type LiveAction = 'ACCEPT' | 'REJECT' | '-';

/** One flow-log record, enriched: the dashboard's individual event. */
export interface FlowEvent {
  readonly type: 'flow';
  /** Per-server sequence number of flow events, from 1; gaps mean drops (see `DropEvent`). */
  readonly seq: number;
  /** When the server received the record, Unix milliseconds. */
  readonly receivedAt: number;
  /** Where it came from: `cloudwatch`, `firehose`, `tail`, `replay`, `lambda`. */
  readonly via: string;
  readonly src: LiveEndpoint;
  readonly dst: LiveEndpoint;
  /** IANA protocol number (6 TCP, 17 UDP, 1 ICMP), `null` when `-`. */
  readonly protocol: number | null;
  readonly packets: number | null;
  readonly bytes: number | null;
  readonly action: LiveAction;
  /** Flow window, Unix seconds. */
  readonly start: number | null;
  readonly end: number | null;
  readonly accountId: string | null;
  readonly interfaceId: string | null;
  /** Other fields present in the log format (camelCase keys, e.g. `vpcId`, `flowDirection`). */
  readonly fields?: Readonly<Record<string, string | number | null>>;
}

/** Counts for one country in an aggregate. */
export interface CountryCount {
  /** English name, for labels. */
  readonly country: string;
  readonly flows: number;
  readonly packets: number;
  readonly bytes: number;
  readonly accept: number;
  readonly reject: number;
}

/** A located point on the map (rounded to 0.1°), with its flow count. */
export interface LocationCount {
  readonly lat: number;
  readonly lon: number;
  readonly countryCode: string;
  readonly city: string;
  readonly flows: number;
}

/**
 * Per-interval totals for the map, sent once per interval (default every second) even when no
 * flow arrived (all zeros), so the dashboard can decay its display. A flow is placed at its
 * *remote* end: the source when the source is public, otherwise the destination when that is
 * public; flows with no located public end count in `unlocated`.
 */
export interface AggregateEvent {
  readonly type: 'aggregate';
  /** Interval start, Unix milliseconds (aligned to `intervalMs`). */
  readonly at: number;
  readonly intervalMs: number;
  readonly flows: number;
  readonly packets: number;
  readonly bytes: number;
  /** Keyed by ISO country code. */
  readonly byCountry: Readonly<Record<string, CountryCount>>;
  /** Keyed by action (`ACCEPT`, `REJECT`, `-`). */
  readonly byAction: Readonly<Record<string, number>>;
  /** Busiest located points, at most `HelloEvent.maxLocations`, most flows first. */
  readonly locations: readonly LocationCount[];
  readonly unlocated: number;
}

/** First frame on every connection. */
export interface HelloEvent {
  readonly type: 'hello';
  readonly protocol: typeof LIVE_PROTOCOL_VERSION;
  /** Server clock, Unix milliseconds. */
  readonly serverTime: number;
  readonly intervalMs: number;
  /** This connection's buffer, in events; beyond it flow events are dropped and counted. */
  readonly queueCapacity: number;
  readonly maxLocations: number;
  /** MQTT topic the same records are published on, when MQTT publishing is on. */
  readonly mqttTopic?: string;
  /** Credits the dashboard must show with the data (DB-IP requires a link). */
  readonly attribution: readonly {
    readonly text: string;
    readonly url: string;
    readonly license: string;
  }[];
}

/**
 * This connection fell behind: `dropped` flow events were discarded since the last notice
 * (aggregates are never dropped, so the map stays exact). `totalDropped` is since connect.
 */
export interface DropEvent {
  readonly type: 'drop';
  readonly dropped: number;
  readonly totalDropped: number;
  readonly reason: 'slow-consumer';
}

/** Everything the server sends, discriminated by `type`. */
export type LiveEvent = HelloEvent | FlowEvent | AggregateEvent | DropEvent;
export type LiveEventType = LiveEvent['type'];

/**
 * What the dashboard may send: choose which event types it wants (default: all). A map-only
 * view sends `{ type: 'subscribe', flows: false }` and receives aggregates only.
 */
export interface SubscribeMessage {
  readonly type: 'subscribe';
  readonly flows: boolean;
}
export type LiveClientMessage = SubscribeMessage;

const EVENT_TYPES: ReadonlySet<string> = new Set<LiveEventType>([
  'hello',
  'flow',
  'aggregate',
  'drop',
]);

/** Parses one WebSocket text frame; `undefined` for anything that is not a known event. */
export function parseLiveEvent(text: string): LiveEvent | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) {
    return undefined;
  }
  const type = (v as { type?: unknown }).type;
  return typeof type === 'string' && EVENT_TYPES.has(type) ? (v as LiveEvent) : undefined;
}

/** The WebSocket URL for a page served at `pageUrl` (http→ws, https→wss), token optional. */
export function liveUrl(pageUrl: string, token?: string): string {
  const u = new URL(LIVE_PATH, pageUrl);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  if (token) {
    u.searchParams.set('access_token', token);
  }
  return u.toString();
}

/** ip-api.com's answer shape (the seed's `geodata`); flowlens only publishes successes. */
export interface IpApiGeodata {
  readonly status: 'success';
  readonly country: string;
  readonly countryCode: string;
  readonly regionName: string;
  readonly city: string;
  readonly lat: number;
  readonly lon: number;
  /** `'AS15169 Google LLC'`, `''` when unknown. */
  readonly as: string;
  readonly org: string;
  readonly query: string;
}

/**
 * One MQTT message (topic default `ipgeolocator/publish`), compatible with IpGeoLocatorDashboard:
 * the record with the log's hyphenated field names (`account-id`, `log-status`, …), `packets`
 * and `bytes` as numbers, every other field as the logged text. `geodata` is present only when
 * the source address is public; `dstGeodata` only when the destination is public.
 */
export type MqttFlowMessage = {
  readonly [field: string]: string | number | IpApiGeodata | undefined;
} & {
  readonly srcaddr: string;
  readonly dstaddr: string;
  readonly geodata?: IpApiGeodata;
  readonly dstGeodata?: IpApiGeodata;
};
