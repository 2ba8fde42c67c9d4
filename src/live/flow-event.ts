import type { IpInfo } from '../enrich/enricher.ts';
import type { FlowRecord } from '../model/flow-record.ts';
import type { FlowEvent, LiveAction, LiveEndpoint } from '../protocol/live-events.ts';

/** Record keys that `FlowEvent` carries as named properties; the rest go to `fields`. */
const NAMED = new Set([
  'srcaddr',
  'dstaddr',
  'srcport',
  'dstport',
  'protocol',
  'packets',
  'bytes',
  'action',
  'start',
  'end',
  'accountId',
  'interfaceId',
  'logStatus',
  'version',
  'extra',
]);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** An enriched address as the protocol shows it: geo only for public addresses. */
export function toEndpoint(info: IpInfo, port: number | null | undefined): LiveEndpoint {
  const e: Mutable<LiveEndpoint> = { ip: info.ip, port: port ?? null, scope: info.scope };
  if (info.geo && info.scope === 'public') {
    e.geo = info.geo;
  }
  if (info.asn) {
    e.asn = info.asn;
  }
  if (info.aws) {
    e.aws = { service: info.aws.service, region: info.aws.region };
  }
  return e;
}

function actionOf(a: string | null | undefined): LiveAction {
  return a === 'ACCEPT' || a === 'REJECT' ? a : '-';
}

/** Record fields `FlowEvent` has no named property for, and unknown fields; none: undefined. */
function otherFields(r: FlowRecord): Record<string, string | number | null> | undefined {
  let out: Record<string, string | number | null> | undefined;
  for (const k in r) {
    if (!NAMED.has(k)) {
      (out ??= {})[k] = r[k as keyof FlowRecord] as string | number | null;
    }
  }
  const extra = r.extra;
  for (const k in extra) {
    (out ??= {})[k] = extra[k] ?? null;
  }
  return out;
}

export interface FlowEventContext {
  readonly seq: number;
  readonly receivedAt: number;
  readonly via: string;
}

/** A parsed record and its enriched ends → the dashboard's `flow` event. */
export function toFlowEvent(
  r: FlowRecord,
  src: IpInfo,
  dst: IpInfo,
  ctx: FlowEventContext,
): FlowEvent {
  const ev: Mutable<FlowEvent> = {
    type: 'flow',
    seq: ctx.seq,
    receivedAt: ctx.receivedAt,
    via: ctx.via,
    src: toEndpoint(src, r.srcport),
    dst: toEndpoint(dst, r.dstport),
    protocol: r.protocol ?? null,
    packets: r.packets ?? null,
    bytes: r.bytes ?? null,
    action: actionOf(r.action),
    start: r.start ?? null,
    end: r.end ?? null,
    accountId: r.accountId ?? null,
    interfaceId: r.interfaceId ?? null,
  };
  const fields = otherFields(r);
  if (fields) {
    ev.fields = fields;
  }
  return ev;
}
