import type { FlowEvent, LiveEndpoint, LiveEvent } from '../protocol/live-events.ts';
import { createJsonCache, jsonNumber, jsonScalar, jsonString } from './json-text.ts';

/** `geo` and `asn` objects come from the enricher's cache: render each once. */
const objectJson = createJsonCache();

function endpointJson(e: LiveEndpoint): string {
  let text = `{"ip":${jsonString(e.ip)},"port":${jsonScalar(e.port)},"scope":${jsonString(e.scope)}`;
  if (e.geo) {
    text += `,"geo":${objectJson(e.geo)}`;
  }
  if (e.asn) {
    text += `,"asn":${objectJson(e.asn)}`;
  }
  if (e.aws) {
    text += `,"aws":{"service":${jsonString(e.aws.service)},"region":${jsonString(e.aws.region)}}`;
  }
  return `${text}}`;
}

/**
 * A flow event as JSON text, in the property order `toFlowEvent` builds: the same text
 * `JSON.stringify` gives for such an event, a few times faster. Record-derived values go through
 * `jsonScalar`, so a record that carried text where a number belongs still renders as it would.
 */
export function flowEventJson(ev: FlowEvent): string {
  return (
    `{"type":"flow","seq":${jsonNumber(ev.seq)},"receivedAt":${jsonNumber(ev.receivedAt)}` +
    `,"via":${jsonString(ev.via)},"src":${endpointJson(ev.src)},"dst":${endpointJson(ev.dst)}` +
    `,"protocol":${jsonScalar(ev.protocol)},"packets":${jsonScalar(ev.packets)}` +
    `,"bytes":${jsonScalar(ev.bytes)},"action":${jsonString(ev.action)}` +
    `,"start":${jsonScalar(ev.start)},"end":${jsonScalar(ev.end)}` +
    `,"accountId":${jsonScalar(ev.accountId)},"interfaceId":${jsonScalar(ev.interfaceId)}` +
    (ev.fields ? `,"fields":${JSON.stringify(ev.fields)}` : '') +
    '}'
  );
}

/** Any live event as one WebSocket text frame: flows by hand, the rare others as usual. */
export function liveEventJson(ev: LiveEvent): string {
  return ev.type === 'flow' ? flowEventJson(ev) : JSON.stringify(ev);
}
