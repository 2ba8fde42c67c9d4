/**
 * The CloudWatch source against a local stand-in of the CloudWatch Logs JSON API: no AWS account
 * exists here, so a small node:http server implements `Logs_20140328.FilterLogEvents` over the
 * `x-amz-json-1.1` protocol (time filter, stream-name prefix, nextToken pagination, the
 * ResourceNotFoundException error shape). The real AWS SDK client talks to it over HTTP.
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { FlowRecord, TimeWindow } from '../../model/flow-record.ts';
import { createIngestStats } from '../../model/ingest-stats.ts';
import { openSource } from '../index.ts';
import { readFlows } from '../read-flows.ts';
import { runSourceConformance } from '../source-conformance.ts';
import type { Source } from '../source.ts';
import { createCloudWatchSource, parseCloudWatchUri } from './cloudwatch-source.ts';

interface StoredEvent {
  readonly stream: string;
  readonly timestamp: number;
  readonly message: string;
}

interface FilterBody {
  logGroupName?: string;
  logStreamNamePrefix?: string;
  startTime?: number;
  endTime?: number;
  nextToken?: string;
}

/** In-memory log groups behind the FilterLogEvents wire protocol. */
class LogsStandIn {
  readonly groups = new Map<string, StoredEvent[]>();
  readonly calls: FilterBody[] = [];
  pageSize = 50;
  private server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => this.answer(req.headers['x-amz-target'], body, res));
  });
  endpoint = '';

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    const addr = this.server.address();
    this.endpoint = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  private answer(target: unknown, body: string, res: ServerResponse): void {
    const send = (status: number, payload: object) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(payload));
    };
    if (target !== 'Logs_20140328.FilterLogEvents') {
      return send(400, { __type: 'UnknownOperationException', message: String(target) });
    }
    const q = JSON.parse(body) as FilterBody;
    this.calls.push(q);
    const events = this.groups.get(q.logGroupName ?? '');
    if (!events) {
      return send(400, {
        __type: 'ResourceNotFoundException',
        message: 'The specified log group does not exist.',
      });
    }
    const matching = events
      .filter((e) => e.stream.startsWith(q.logStreamNamePrefix ?? ''))
      .filter((e) => e.timestamp >= (q.startTime ?? 0) && e.timestamp <= (q.endTime ?? Infinity))
      .sort((a, b) => a.timestamp - b.timestamp);
    const from = Number(q.nextToken ?? 0);
    const page = matching.slice(from, from + this.pageSize);
    const more = from + this.pageSize < matching.length;
    send(200, {
      events: page.map((e, i) => ({
        logStreamName: e.stream,
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: e.timestamp + 600_000,
        eventId: String(from + i),
      })),
      searchedLogStreams: [],
      ...(more ? { nextToken: String(from + this.pageSize) } : {}),
    });
  }
}

const logs = new LogsStandIn();
before(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'TEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'TEST';
  process.env.AWS_REGION = 'us-east-1';
  await logs.start();
});
after(() => logs.close());

const url = (group: string, q = '') =>
  `cloudwatch://${group}?endpoint=${encodeURIComponent(logs.endpoint)}${q}`;

async function read(source: Source, window?: TimeWindow) {
  const stats = createIngestStats();
  const records: FlowRecord[] = [];
  for await (const b of readFlows([source], { stats, ...(window ? { window } : {}) })) {
    records.push(...b);
  }
  return { stats, records };
}

const T0 = 1_717_000_000;
const STREAMS = ['eni-0aaa1111-all', 'eni-0aaa2222-all', 'eni-0bbb3333-all'];
/** 3 streams, one event a minute each for two hours; v5 custom format with extra fields. */
function seedV5(group: string): void {
  const events: StoredEvent[] = [];
  for (let m = 0; m < 120; m++) {
    STREAMS.forEach((s, i) => {
      const start = T0 + m * 60 + i;
      const eni = s.replace('-all', '');
      const msg = `5 ${eni} 10.0.${i}.${m} 10.1.0.1 443 ${40000 + m} 6 3 ${200 + m} ${start} ${start + 55} ACCEPT OK vpc-01 ingress`;
      events.push({ stream: s, timestamp: start * 1000, message: msg });
    });
  }
  logs.groups.set(group, events);
}
const V5_FORMAT = [
  'version',
  'interface-id',
  'srcaddr',
  'dstaddr',
  'srcport',
  'dstport',
  'protocol',
  'packets',
  'bytes',
  'start',
  'end',
  'action',
  'log-status',
  'vpc-id',
  'flow-direction',
];

describe('cloudwatch source against a FilterLogEvents stand-in', () => {
  it('should parse cloudwatch URLs', () => {
    assert.deepEqual(parseCloudWatchUri('cloudwatch:///aws/vpc/flows?stream=eni-0a'), {
      group: '/aws/vpc/flows',
      streamPrefix: 'eni-0a',
    });
    assert.equal(openSource('cloudwatch://flows').kind, 'cloudwatch');
  });

  it('should pull only the window, page by page, in the given format', async () => {
    seedV5('/aws/vpc/flows');
    logs.calls.length = 0;
    const window = { start: T0 + 30 * 60, stop: T0 + 60 * 60 };
    const src = createCloudWatchSource(url('/aws/vpc/flows'), { logFormat: V5_FORMAT });
    const got = await read(src, window);
    assert.equal(got.records.length, 90);
    assert.ok(got.records.every((r) => r.start! >= window.start && r.start! < window.stop));
    assert.ok(got.records.every((r) => r.vpcId === 'vpc-01' && r.flowDirection === 'ingress'));
    assert.equal(got.stats.objects, 2); // 90 events, 50 a page
    assert.deepEqual(
      logs.calls.map((c) => [c.startTime, c.endTime, c.nextToken]),
      [
        [window.start * 1000, window.stop * 1000 - 1, undefined],
        [window.start * 1000, window.stop * 1000 - 1, '50'],
      ],
    );
    assert.equal(got.stats.skipped.out_of_window, undefined);
  });

  it('should filter by stream prefix', async () => {
    seedV5('flows-by-stream');
    const src = createCloudWatchSource(url('flows-by-stream', '&stream=eni-0aaa'), {
      logFormat: V5_FORMAT,
    });
    const got = await read(src);
    assert.equal(got.records.length, 240);
    assert.ok(got.records.every((r) => r.interfaceId!.startsWith('eni-0aaa')));
  });

  it('should fail with a coded error for a missing log group', async () => {
    await assert.rejects(read(createCloudWatchSource(url('no-such-group'))), {
      code: 'FLOW_SOURCE_NOT_FOUND',
    });
  });
});

let confN = 0;
runSourceConformance({
  name: 'cloudwatch',
  create(fixture) {
    const group = `conformance-${confN++}`;
    const events: StoredEvent[] = [];
    fixture.objects.forEach((lines, o) =>
      lines.forEach((message, i) => {
        // One page per fixture object: its events sort before the next object's.
        events.push({ stream: `eni-${o}-all`, timestamp: (T0 + o * 10_000 + i) * 1000, message });
      }),
    );
    logs.groups.set(group, events);
    logs.pageSize = fixture.objects[0]?.length ?? 50;
    return createCloudWatchSource(url(group));
  },
});
