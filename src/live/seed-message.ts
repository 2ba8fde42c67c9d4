import type { IpInfo } from '../enrich/enricher.ts';
import { toGeodata } from '../enrich/geodata.ts';
import { FIELDS } from '../model/fields.ts';
import type { FlowRecord } from '../model/flow-record.ts';
import type { IpApiGeodata, MqttFlowMessage } from '../protocol/live-events.ts';

/** Record key (`accountId`) → the log's field name (`account-id`), from the field table. */
const NAME_OF = new Map(FIELDS.map((f) => [f.key, f.name]));
/** Fields the seed's Lambda converted to numbers; every other value is the logged text. */
const NUMERIC = new Set(['packets', 'bytes']);

function geodataOf(info: IpInfo): IpApiGeodata | undefined {
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
 * destination.
 */
export function toSeedMessage(r: FlowRecord, src: IpInfo, dst: IpInfo): MqttFlowMessage {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (k !== 'extra') {
      out[NAME_OF.get(k) ?? k] = valueOf(k, v as string | number | null);
    }
  }
  for (const [k, v] of Object.entries(r.extra ?? {})) {
    out[k] = v ?? '-';
  }
  const geodata = geodataOf(src);
  const dstGeodata = geodataOf(dst);
  return {
    ...out,
    srcaddr: r.srcaddr ?? '-',
    dstaddr: r.dstaddr ?? '-',
    ...(geodata ? { geodata } : {}),
    ...(dstGeodata ? { dstGeodata } : {}),
  } as MqttFlowMessage;
}
