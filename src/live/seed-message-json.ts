import type { IpInfo } from '../enrich/enricher.ts';
import { FIELDS } from '../model/fields.ts';
import type { FlowRecord } from '../model/flow-record.ts';
import { jsonScalar, jsonString } from './json-text.ts';
import { geodataOf, toSeedMessage } from './seed-message.ts';

/** `"account-id":` for each record key of the field table, rendered once. */
const KEY_TEXT = new Map(FIELDS.map((f) => [f.key, `${jsonString(f.name)}:`]));
/** Fields the seed's Lambda converted to numbers; every other value is the logged text. */
const NUMERIC = new Set(['packets', 'bytes']);
const DASH = '"-"';

/** `,"geodata":{…}` text per enriched address (the enricher caches those), or `''`. */
const geodataText = new WeakMap<IpInfo, string>();

function geodataJson(info: IpInfo): string {
  let text = geodataText.get(info);
  if (text === undefined) {
    const g = geodataOf(info);
    text = g ? JSON.stringify(g) : '';
    geodataText.set(info, text);
  }
  return text;
}

function valueJson(key: string, v: string | number | null): string {
  if (v === null) {
    return DASH;
  }
  return NUMERIC.has(key) ? jsonScalar(v) : jsonString(String(v));
}

/**
 * The seed-compatible MQTT message as JSON text: the same text as
 * `JSON.stringify(toSeedMessage(r, src, dst))`, built from pre-rendered keys and per-address
 * geodata, for the publish-per-record hot path. Records are as the parser makes them (table
 * keys, unknown names under `extra`); anything else (an `undefined` value) takes the slow path.
 */
export function seedMessageJson(r: FlowRecord, src: IpInfo, dst: IpInfo): string {
  let text = '{';
  let sep = '';
  for (const k in r) {
    if (k === 'extra') {
      continue;
    }
    const v = r[k as keyof FlowRecord] as string | number | null | undefined;
    if (v === undefined) {
      return JSON.stringify(toSeedMessage(r, src, dst));
    }
    text += `${sep}${KEY_TEXT.get(k) ?? `${jsonString(k)}:`}${valueJson(k, v)}`;
    sep = ',';
  }
  const extra = r.extra;
  for (const k in extra) {
    const v = extra[k];
    text += `${sep}${jsonString(k)}:${v === null || v === undefined ? DASH : jsonString(v)}`;
    sep = ',';
  }
  if (!('srcaddr' in r)) {
    text += `${sep}"srcaddr":${DASH}`;
    sep = ',';
  }
  if (!('dstaddr' in r)) {
    text += `${sep}"dstaddr":${DASH}`;
  }
  const geodata = geodataJson(src);
  const dstGeodata = geodataJson(dst);
  return (
    text +
    (geodata === '' ? '' : `,"geodata":${geodata}`) +
    (dstGeodata === '' ? '' : `,"dstGeodata":${dstGeodata}`) +
    '}'
  );
}
