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

/** An enriched address as the protocol shows it: geo only for public addresses. */
export function toEndpoint(info: IpInfo, port: number | null | undefined): LiveEndpoint {
  return {
    ip: info.ip,
    port: port ?? null,
    scope: info.scope,
    ...(info.geo && info.scope === 'public' ? { geo: info.geo } : {}),
    ...(info.asn ? { asn: info.asn } : {}),
    ...(info.aws ? { aws: { service: info.aws.service, region: info.aws.region } } : {}),
  };
}

function actionOf(a: string | null | undefined): LiveAction {
  return a === 'ACCEPT' || a === 'REJECT' ? a : '-';
}

function otherFields(r: FlowRecord): Record<string, string | number | null> | undefined {
  let out: Record<string, string | number | null> | undefined;
  for (const [k, v] of Object.entries(r)) {
    if (!NAMED.has(k)) {
      (out ??= {})[k] = v as string | number | null;
    }
  }
  for (const [k, v] of Object.entries(r.extra ?? {})) {
    (out ??= {})[k] = v;
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
  const fields = otherFields(r);
  return {
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
    ...(fields ? { fields } : {}),
  };
}
