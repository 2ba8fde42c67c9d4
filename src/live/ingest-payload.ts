import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { FlowError } from '../model/errors.ts';
import { decodeJsonEnvelope } from '../sources/decode/json-envelope.ts';

const gunzipAsync = promisify(gunzip);

/** Flow-log lines found in one request body, and what was skipped on the way. */
export interface PayloadLines {
  readonly lines: string[];
  readonly skipped: Record<string, number>;
}

/** A Firehose HTTP-endpoint delivery request, decoded. */
export interface FirehoseRequest extends PayloadLines {
  readonly requestId: string;
}

type Json = Record<string, unknown>;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function invalid(message: string, cause?: unknown): FlowError {
  return new FlowError('FLOW_PAYLOAD_INVALID', message, cause ? { cause } : undefined);
}

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isGzip = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Gunzips with a cap on the output: corrupt → 400, too large → 413. */
export async function gunzipCapped(data: Buffer, maxBytes: number, what: string): Promise<Buffer> {
  try {
    return await gunzipAsync(data, { maxOutputLength: maxBytes });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new FlowError(
        'FLOW_PAYLOAD_TOO_LARGE',
        `${what} decompresses to over ${maxBytes} bytes`,
      );
    }
    throw invalid(`${what} is not valid gzip`, e);
  }
}

/** Strict base64 (standard alphabet, padded): garbage is an error, not silently skipped. */
export function decodeBase64(data: unknown, what: string): Buffer {
  if (typeof data !== 'string') {
    throw invalid(`${what} must be a base64 string`);
  }
  const s = data.replace(/\s+/g, '');
  if (s.length % 4 !== 0 || !BASE64.test(s)) {
    throw invalid(`${what} is not base64`);
  }
  return Buffer.from(s, 'base64');
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw invalid(`${what} is not JSON`, e);
  }
}

function subscriptionLines(o: Json): PayloadLines {
  if (o.messageType === 'CONTROL_MESSAGE') {
    return { lines: [], skipped: { control_message: 1 } };
  }
  if (o.messageType !== 'DATA_MESSAGE' || !Array.isArray(o.logEvents)) {
    throw invalid('not a CloudWatch Logs DATA_MESSAGE with logEvents');
  }
  const lines: string[] = [];
  let bad = 0;
  for (const ev of o.logEvents) {
    if (isObject(ev) && typeof ev.message === 'string') {
      lines.push(ev.message);
    } else {
      bad++;
    }
  }
  return { lines, skipped: bad > 0 ? { bad_log_event: bad } : {} };
}

/** `awslogs.data`: base64 of gzip of the subscription JSON, all three required. */
async function lambdaEventLines(data: unknown, maxBytes: number): Promise<PayloadLines> {
  const zipped = decodeBase64(data, 'awslogs.data');
  if (!isGzip(zipped)) {
    throw invalid('awslogs.data is not gzip');
  }
  const text = (await gunzipCapped(zipped, maxBytes, 'awslogs.data')).toString('utf8');
  const o = parseJson(text, 'decoded awslogs.data');
  if (!isObject(o)) {
    throw invalid('decoded awslogs.data is not a JSON object');
  }
  return subscriptionLines(o);
}

/**
 * A CloudWatch Logs subscription delivery in any of its forms: the Lambda event
 * `{"awslogs":{"data":…}}`, the decoded subscription JSON, or the raw gzip of either.
 * Malformed input throws `FLOW_PAYLOAD_INVALID` (or `FLOW_PAYLOAD_TOO_LARGE`).
 */
export async function decodeCloudWatchPayload(
  body: Buffer,
  maxBytes: number,
): Promise<PayloadLines> {
  const bytes = isGzip(body) ? await gunzipCapped(body, maxBytes, 'request body') : body;
  return decodeCloudWatchEvent(parseJson(bytes.toString('utf8'), 'request body'), maxBytes);
}

/** The already-parsed form: a Lambda event object or a decoded subscription payload. */
export async function decodeCloudWatchEvent(o: unknown, maxBytes: number): Promise<PayloadLines> {
  if (!isObject(o)) {
    throw invalid('payload is not a JSON object');
  }
  if (isObject(o.awslogs)) {
    return lambdaEventLines(o.awslogs.data, maxBytes);
  }
  if (typeof o.messageType === 'string') {
    return subscriptionLines(o);
  }
  throw invalid('not a CloudWatch Logs subscription payload (no awslogs.data, no messageType)');
}

function addSkips(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, n] of Object.entries(from)) {
    into[k] = (into[k] ?? 0) + n;
  }
}

/** One Firehose record's bytes: JSON envelopes (`{"message":…}`, subscription) or text lines. */
async function firehoseRecordLines(data: unknown, i: number, maxBytes: number, out: PayloadLines) {
  let bytes = decodeBase64(data, `records[${i}].data`);
  if (isGzip(bytes)) {
    bytes = await gunzipCapped(bytes, maxBytes, `records[${i}].data`);
  }
  const text = bytes.toString('utf8').trim();
  if (text.startsWith('{')) {
    const found = decodeJsonEnvelope(text);
    out.lines.push(...found.lines);
    addSkips(out.skipped, found.skipped);
  } else if (text !== '') {
    out.lines.push(...text.split('\n').filter((l) => l.trim() !== ''));
  }
}

/**
 * A Kinesis Data Firehose HTTP-endpoint delivery request:
 * `{"requestId", "timestamp", "records":[{"data":"<base64>"}]}`, the body optionally gzip
 * (content encoding). Each record is a `{"message":"<flow line>"}` object (direct flow-log
 * delivery), a gzip CloudWatch subscription payload, or plain text lines.
 */
export async function decodeFirehoseRequest(
  body: Buffer,
  maxBytes: number,
): Promise<FirehoseRequest> {
  const bytes = isGzip(body) ? await gunzipCapped(body, maxBytes, 'request body') : body;
  const o = parseJson(bytes.toString('utf8'), 'request body');
  if (!isObject(o) || typeof o.requestId !== 'string' || !Array.isArray(o.records)) {
    throw invalid('not a Firehose delivery request (requestId and records[] required)');
  }
  const out = { lines: [] as string[], skipped: {} as Record<string, number> };
  for (let i = 0; i < o.records.length; i++) {
    const r: unknown = o.records[i];
    await firehoseRecordLines(isObject(r) ? r.data : undefined, i, maxBytes, out);
  }
  return { requestId: o.requestId, ...out };
}

/** The request id of a body that failed to decode, when it can still be read (for replies). */
export function firehoseRequestIdOf(body: Buffer): string | undefined {
  const m = /"requestId"\s*:\s*"([^"\\]{1,200})"/.exec(body.subarray(0, 4096).toString('utf8'));
  return m?.[1];
}
