import { gunzipSync } from 'node:zlib';
import { FlowError } from '../../model/errors.ts';

/** Largest JSON envelope accepted (a Lambda payload is at most 6 MB; Firehose batches 4 MiB). */
export const MAX_ENVELOPE_BYTES = 64 * 1024 * 1024;

/** Flow-log lines found in an envelope, and what was skipped on the way. */
export interface EnvelopeLines {
  readonly lines: string[];
  readonly skipped: Record<string, number>;
  /** CloudWatch log streams seen (one per ENI), for reporting. */
  readonly streams: string[];
}

type Json = Record<string, unknown>;

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function count(out: EnvelopeLines, reason: string, n = 1): void {
  out.skipped[reason] = (out.skipped[reason] ?? 0) + n;
}

function gunzipCapped(data: Buffer): Buffer {
  // Bounded by maxOutputLength: envelope payloads are small by protocol.

  return gunzipSync(data, { maxOutputLength: MAX_ENVELOPE_BYTES });
}

/** base64 (or raw) record data → JSON object or plain line(s), gunzipping when needed. */
function decodeData(data: unknown, out: EnvelopeLines, depth: number): void {
  if (typeof data !== 'string' || !BASE64.test(data)) {
    count(out, 'bad_envelope');
    return;
  }
  let bytes: Buffer = Buffer.from(data, 'base64');
  try {
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      bytes = gunzipCapped(bytes);
    }
  } catch {
    count(out, 'bad_envelope');
    return;
  }
  const text = bytes.toString('utf8').trim();
  if (text.startsWith('{')) {
    visitText(text, out, depth + 1);
  } else if (text !== '') {
    out.lines.push(...text.split('\n').filter((l) => l.trim() !== ''));
  }
}

/** One rule per envelope shape: the first whose test matches handles the object. */
const SHAPES: readonly {
  test: (o: Json) => boolean;
  read: (o: Json, out: EnvelopeLines, d: number) => void;
}[] = [
  {
    // Lambda event from a CloudWatch Logs subscription.
    test: (o) => isObject(o.awslogs),
    read: (o, out, d) => decodeData((o.awslogs as Json).data, out, d),
  },
  {
    // Decoded CloudWatch Logs subscription payload.
    test: (o) => typeof o.messageType === 'string',
    read: readSubscription,
  },
  {
    // Firehose HTTP-endpoint delivery / transform Lambda event: records[].data (base64).
    test: (o) => Array.isArray(o.records),
    read: (o, out, d) =>
      (o.records as unknown[]).forEach((r) => decodeData(isObject(r) ? r.data : undefined, out, d)),
  },
  {
    // Kinesis Data Streams Lambda event.
    test: (o) => Array.isArray(o.Records),
    read: (o, out, d) =>
      (o.Records as unknown[]).forEach((r) =>
        decodeData(isObject(r) && isObject(r.kinesis) ? r.kinesis.data : undefined, out, d),
      ),
  },
  {
    // A Firehose-delivered record: {"message":"<flow line>"}.
    test: (o) => typeof o.message === 'string',
    read: (o, out) => out.lines.push(o.message as string),
  },
];

function readSubscription(o: Json, out: EnvelopeLines): void {
  if (o.messageType !== 'DATA_MESSAGE') {
    count(out, 'control_message');
    return;
  }
  if (typeof o.logStream === 'string') {
    out.streams.push(o.logStream);
  }
  const events = Array.isArray(o.logEvents) ? o.logEvents : [];
  for (const ev of events) {
    if (isObject(ev) && typeof ev.message === 'string') {
      out.lines.push(ev.message);
    } else {
      count(out, 'bad_envelope');
    }
  }
}

function visitObject(o: unknown, out: EnvelopeLines, depth: number): void {
  if (depth > 4 || !isObject(o)) {
    count(out, 'bad_envelope');
    return;
  }
  const shape = SHAPES.find((s) => s.test(o));
  if (shape) {
    shape.read(o, out, depth);
  } else {
    count(out, 'bad_envelope');
  }
}

/** Splits concatenated or newline-delimited JSON values at depth 0 (Firehose → S3 objects). */
export function splitJsonValues(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let begin = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) {
        i++;
      } else if (c === 34) {
        inString = false;
      }
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 || c === 91) {
      if (depth++ === 0) {
        begin = i;
      }
    } else if ((c === 125 || c === 93) && --depth === 0) {
      parts.push(text.slice(begin, i + 1));
    }
  }
  if (depth !== 0) {
    parts.push(text.slice(begin));
  }
  return parts;
}

function visitText(text: string, out: EnvelopeLines, depth: number): void {
  for (const part of splitJsonValues(text)) {
    let value: unknown;
    try {
      value = JSON.parse(part);
    } catch {
      count(out, 'bad_json');
      continue;
    }
    const items = Array.isArray(value) ? value : [value];
    items.forEach((v) => visitObject(v, out, depth));
  }
}

/**
 * Extracts flow-log lines from any supported JSON envelope: CloudWatch Logs subscription
 * (Lambda `awslogs.data`, decoded JSON), Firehose (`{"message":…}` records, HTTP-endpoint and
 * transform events with base64 `data`), Kinesis events. Unknown shapes are counted, not thrown.
 */
export function decodeJsonEnvelope(text: string): EnvelopeLines {
  if (text.length > MAX_ENVELOPE_BYTES) {
    throw new FlowError(
      'FLOW_PAYLOAD_TOO_LARGE',
      `JSON envelope larger than ${MAX_ENVELOPE_BYTES} bytes`,
    );
  }
  const out: EnvelopeLines = { lines: [], skipped: {}, streams: [] };
  visitText(text, out, 0);
  return out;
}
