import type { IpInfo } from '../enrich/enricher.ts';
import { toGeodata } from '../enrich/geodata.ts';
import { FIELDS } from '../model/fields.ts';
import type { FlowRecord } from '../model/flow-record.ts';
import type { IpApiGeodata, MqttFlowMessage } from '../protocol/live-events.ts';

/** Record key (`accountId`) → the log's field name (`account-id`), from the field table. */
const NAME_OF = new Map(FIELDS.map((f) => [f.key, f.name]));
/** Fields the seed's Lambda converted to numbers; every other value is the logged text. */
const NUMERIC = new Set(['packets', 'bytes']);

/** ip-api's answer for an address, when it is public (the seed publishes only successes). */
export function geodataOf(info: IpInfo): IpApiGeodata | undefined {
  if (info.scope !== 'public') {
    return undefined;
  }
  const g = toGeodata(info);
  return g.status === 'success' ? g : undefined;
}

function valueOf(key: string, v: string | number | null): string | number {
  if (v === null) {
    return '-';
  }
  return NUMERIC.has(key) ? v : String(v);
}

/**
 * The seed-compatible MQTT message (see `MqttFlowMessage`): hyphenated keys in log order,
 * `packets`/`bytes` as numbers, `geodata` for a public source, `dstGeodata` for a public
 * destination. Built as one object (this runs once per published record).
 */
export function toSeedMessage(r: FlowRecord, src: IpInfo, dst: IpInfo): MqttFlowMessage {
  const out: Record<string, unknown> = {};
  for (const k in r) {
    if (k !== 'extra') {
      out[NAME_OF.get(k) ?? k] = valueOf(k, r[k as keyof FlowRecord] as string | number | null);
    }
  }
  const extra = r.extra;
  for (const k in extra) {
    out[k] = extra[k] ?? '-';
  }
  out.srcaddr = r.srcaddr ?? '-';
  out.dstaddr = r.dstaddr ?? '-';
  const geodata = geodataOf(src);
  if (geodata) {
    out.geodata = geodata;
  }
  const dstGeodata = geodataOf(dst);
  if (dstGeodata) {
    out.dstGeodata = dstGeodata;
  }
  return out as MqttFlowMessage;
}
