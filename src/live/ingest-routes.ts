import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { isFlowError } from '../model/errors.ts';
import { createIngestStats, type IngestStats } from '../model/ingest-stats.ts';
import type { AppEnv, RouteModule } from '../server/app-deps.ts';
import { messageOf, statusOf } from '../server/error-status.ts';
import { compileLayout } from '../sources/decode/log-format.ts';
import { FlowError } from '../model/errors.ts';
import {
  decodeCloudWatchPayload,
  decodeFirehoseRequest,
  firehoseRequestIdOf,
  type PayloadLines,
} from './ingest-payload.ts';
import type { LiveHub } from './live-hub.ts';
import { parseLines } from './parse-lines.ts';

export interface IngestRouteOptions {
  readonly hub: LiveHub;
  readonly logFormat: readonly string[];
  readonly maxIngestBytes: number;
  readonly maxDecodedBytes: number;
  /** Required `X-Amz-Firehose-Access-Key` (absent: not checked). */
  readonly firehoseAccessKey?: string;
  /** More figures for `GET /ingest/stats` (e.g. the MQTT publisher's). */
  readonly moreStats?: () => Record<string, unknown>;
}

/** What ingest has seen: requests per endpoint, rejections per error code, record stats. */
export interface IngestCounters {
  readonly requests: Record<string, number>;
  readonly rejected: Record<string, number>;
  readonly records: IngestStats;
}

const sha = (s: string) => createHash('sha256').update(s).digest();

async function readBody(c: Context<AppEnv>, max: number): Promise<Buffer> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > max) {
    throw new FlowError('FLOW_PAYLOAD_TOO_LARGE', `request body over ${max} bytes`);
  }
  const body = Buffer.from(await c.req.arrayBuffer());
  if (body.length > max) {
    throw new FlowError('FLOW_PAYLOAD_TOO_LARGE', `request body over ${max} bytes`);
  }
  if (body.length === 0) {
    throw new FlowError('FLOW_PAYLOAD_INVALID', 'empty request body');
  }
  return body;
}

function addSkips(stats: IngestStats, skipped: Record<string, number>): void {
  for (const [k, n] of Object.entries(skipped)) {
    stats.skipped[k] = (stats.skipped[k] ?? 0) + n;
  }
}

/**
 * `POST /ingest/cloudwatch` (Lambda event, decoded subscription JSON or raw gzip) and
 * `POST /ingest/firehose` (Firehose HTTP-endpoint delivery protocol), plus `GET /ingest/stats`.
 * Records are parsed with the configured log format, enriched and published by the hub. Bad
 * payloads get a 4xx with a clear message and are counted under `rejected`.
 */
export function ingestRoutes(o: IngestRouteOptions): RouteModule & { counters: IngestCounters } {
  const layout = compileLayout(o.logFormat);
  const counters: IngestCounters = { requests: {}, rejected: {}, records: createIngestStats() };
  const wantKey = o.firehoseAccessKey ? sha(o.firehoseAccessKey) : undefined;

  const ingest = (p: PayloadLines, via: string) => {
    const before = counters.records.kept;
    addSkips(counters.records, p.skipped);
    const records = parseLines(p.lines, layout, counters.records);
    o.hub.publish(records, via);
    return { lines: p.lines.length, published: counters.records.kept - before };
  };
  const reject = (e: unknown) => {
    const code = isFlowError(e) ? e.code : 'FLOW_INTERNAL';
    counters.rejected[code] = (counters.rejected[code] ?? 0) + 1;
    return { status: statusOf(e), message: messageOf(e) };
  };
  const count = (via: string) => (counters.requests[via] = (counters.requests[via] ?? 0) + 1);

  const cloudwatch = async (c: Context<AppEnv>) => {
    count('cloudwatch');
    try {
      const body = await readBody(c, o.maxIngestBytes);
      const p = await decodeCloudWatchPayload(body, o.maxDecodedBytes);
      return c.json(ingest(p, 'cloudwatch'));
    } catch (e) {
      const r = reject(e);
      return c.json({ message: r.message }, r.status);
    }
  };

  const keyOk = (c: Context<AppEnv>) =>
    !wantKey || timingSafeEqual(sha(c.req.header('x-amz-firehose-access-key') ?? ''), wantKey);

  const firehose = async (c: Context<AppEnv>) => {
    count('firehose');
    let requestId = c.req.header('x-amz-firehose-request-id') ?? '';
    try {
      if (!keyOk(c)) {
        throw new FlowError('FLOW_AUTH', 'missing or invalid X-Amz-Firehose-Access-Key');
      }
      const body = await readBody(c, o.maxIngestBytes);
      requestId ||= firehoseRequestIdOf(body) ?? '';
      const req = await decodeFirehoseRequest(body, o.maxDecodedBytes);
      requestId = req.requestId;
      ingest(req, 'firehose');
      return c.json({ requestId, timestamp: Date.now() });
    } catch (e) {
      const r = reject(e);
      return c.json({ requestId, timestamp: Date.now(), errorMessage: r.message }, r.status);
    }
  };

  return {
    name: 'live-ingest',
    counters,
    mount(app) {
      app.post('/ingest/cloudwatch', cloudwatch);
      app.post('/ingest/firehose', firehose);
      app.get('/ingest/stats', (c) =>
        c.json({
          ...counters,
          hub: { ...o.hub.stats, dropped: o.hub.dropped() },
          ...o.moreStats?.(),
        }),
      );
    },
  };
}
