import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { main } from '../../cli/main.ts';
import type { FlowRecord, TimeWindow } from '../../model/flow-record.ts';
import { createIngestStats } from '../../model/ingest-stats.ts';
import { createFileSource } from '../file/file-source.ts';
import { openSource } from '../index.ts';
import { readFlows } from '../read-flows.ts';
import { runSourceConformance } from '../source-conformance.ts';
import type { Source, SourceOptions } from '../source.ts';
import { stampRange } from './s3-key-layout.ts';
import { listObjects } from './s3-lister.ts';
import { createSdkS3Port } from './s3-port.ts';
import { createS3Source } from './s3-source.ts';
import {
  flowFileBody,
  flowFileName,
  putObjects,
  startLocalS3,
  type FlowFileSpec,
  type LocalS3,
} from './s3-test-fixtures.ts';

const BUCKET = 'flow-logs';
const A1 = '111111111111';
const A2 = '222222222222';
const A3 = '333333333333';
const DAY = 86_400;
const D0 = Date.UTC(2024, 4, 1) / 1000; // 2024-05-01
const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (t: number) => {
  const d = new Date(t * 1000);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours()] as const;
};

/** How each generated data set lays its files out. */
const DATASETS = [
  // account, region, style, hourly, version, first day, days, minutes between files
  {
    account: A1,
    region: 'us-east-1',
    style: 'classic',
    hourly: false,
    version: 2,
    day: 0,
    days: 3,
    every: 5,
  },
  {
    account: A1,
    region: 'eu-west-1',
    style: 'classic',
    hourly: true,
    version: 5,
    day: 1,
    days: 1,
    every: 5,
  },
  {
    account: A2,
    region: 'us-east-1',
    style: 'hive',
    hourly: true,
    version: 5,
    day: 1,
    days: 1,
    every: 20,
  },
  {
    account: A3,
    region: 'ap-southeast-2',
    style: 'org',
    hourly: false,
    version: 2,
    day: 1,
    days: 1,
    every: 30,
  },
] as const;

function folder(ds: (typeof DATASETS)[number], stamp: number): string {
  const [y, m, d, h] = ymd(stamp);
  if (ds.style === 'hive') {
    const hour = ds.hourly ? `hour=${pad(h)}/` : '';
    return `AWSLogs/aws-account-id=${ds.account}/aws-service=vpcflowlogs/aws-region=${ds.region}/year=${y}/month=${pad(m)}/day=${pad(d)}/${hour}`;
  }
  const org = ds.style === 'org' ? 'o-abc123def4/' : '';
  const hour = ds.hourly ? `${pad(h)}/` : '';
  return `AWSLogs/${org}${ds.account}/vpcflowlogs/${ds.region}/${y}/${pad(m)}/${pad(d)}/${hour}`;
}

interface Generated {
  readonly objects: Map<string, Buffer>;
  /** Flow-log keys (no junk) and their stamps. */
  readonly flowKeys: Map<string, number>;
}

function generate(root: string): Generated {
  const objects = new Map<string, Buffer>();
  const flowKeys = new Map<string, number>();
  for (const ds of DATASETS) {
    const first = D0 + ds.day * DAY;
    for (let t = first; t < first + ds.days * DAY; t += ds.every * 60) {
      const spec: FlowFileSpec = { ...ds, stamp: t, records: 2 };
      const key = root + folder(ds, t) + flowFileName(spec);
      objects.set(key, flowFileBody(spec));
      flowKeys.set(key, t);
    }
  }
  const day1 = `${root}AWSLogs/${A1}/vpcflowlogs/us-east-1/2024/05/02/`;
  const junk: [string, string][] = [
    [`${root}AWSLogs/aws-logs-write-test`, 'Permission Check Successful'],
    [`${day1}notes.txt`, 'not a flow log\n'],
    [
      `${day1}${A1}_vpcflowlogs_us-east-1_fl-0a1b2c3d4e5f60718_20241302T1000Z_0badbad0.log.gz`,
      'bad stamp\n',
    ],
    [day1, ''],
    [`${root}AWSLogs/${A1}/CloudTrail/us-east-1/2024/05/02/trail.json`, '{"Records":[]}'],
    [`${root}AWSLogs/junk-folder/x.txt`, 'junk\n'],
    ['unrelated/2024/05/02/file.txt', 'elsewhere\n'],
  ];
  for (const [k, v] of junk) {
    objects.set(k, Buffer.from(v));
  }
  return { objects, flowKeys };
}

async function mirror(objects: ReadonlyMap<string, Buffer>, dir: string): Promise<void> {
  for (const [key, body] of objects) {
    if (!key.endsWith('/')) {
      await mkdir(dirname(join(dir, key)), { recursive: true });
      await writeFile(join(dir, key), body);
    }
  }
}

const recKey = (r: FlowRecord) => JSON.stringify(r);

async function read(source: Source, window?: TimeWindow) {
  const stats = createIngestStats();
  const records: string[] = [];
  const names: string[] = [];
  const tracked: Source = {
    ...source,
    async *objects(ctx) {
      for await (const o of source.objects(ctx)) {
        names.push(o.name);
        yield o;
      }
    },
  };
  for await (const batch of readFlows([tracked], { stats, ...(window ? { window } : {}) })) {
    records.push(...batch.map(recKey));
  }
  return { stats, records: records.sort(), names };
}

let s3: LocalS3;
let localDir: string;
let data: Generated;
const tmpDirs: string[] = [];
const ROOT = 'logs/';

before(async () => {
  s3 = await startLocalS3([BUCKET]);
  localDir = await mkdtemp(join(tmpdir(), 'flowlens-s3-mirror-'));
  tmpDirs.push(localDir);
  data = generate(ROOT);
  await putObjects(s3, BUCKET, data.objects);
  await mirror(data.objects, localDir);
});

after(async () => {
  await s3?.close();
  await Promise.all(tmpDirs.map((d) => rm(d, { recursive: true, force: true })));
});

const opts = (o: SourceOptions = {}): SourceOptions => ({ endpoint: s3.endpoint, ...o });
const lists = () => s3.requests.filter((r) => r.query.get('list-type') === '2');
const gets = () =>
  s3.requests
    .filter((r) => r.method === 'GET' && !r.query.has('list-type'))
    .map((r) => decodeURIComponent(r.path.slice(BUCKET.length + 2)))
    .sort();
const at = (iso: string) => Date.parse(iso) / 1000;
const WINDOW: TimeWindow = { start: at('2024-05-02T10:00:00Z'), stop: at('2024-05-02T11:00:00Z') };

function expectedKeys(window: TimeWindow, keep: (key: string) => boolean = () => true): string[] {
  const r = stampRange(window);
  return [...data.flowKeys]
    .filter(([k, t]) => t >= r.from && t <= r.to && keep(k))
    .map(([k]) => k)
    .sort();
}

describe('s3 source against a local S3 server (s3rver)', () => {
  it('should list only the day and hour folders a window needs', async () => {
    s3.reset();
    const got = await read(createS3Source(`s3://${BUCKET}/logs`, opts()), WINDOW);
    const want = expectedKeys(WINDOW);
    assert.equal(want.length, 18 + 18 + 4 + 3);
    assert.deepEqual(gets(), want);
    assert.deepEqual(
      got.names,
      want.map((k) => `s3://${BUCKET}/${k}`),
    ); // key order
    const prefixes = lists().map((r) => r.query.get('prefix') ?? '');
    for (const p of prefixes) {
      assert.ok(p.startsWith(`${ROOT}AWSLogs/`), `listed outside the layout: '${p}'`);
      assert.ok(!/2024\/05\/0[13]|day=0[13]|CloudTrail/.test(p), `listed an unneeded folder: ${p}`);
    }
    assert.ok(
      lists().every(
        (r) =>
          r.query.get('delimiter') === '/' || /\/(\d\d|hour=\d\d)\/$/.test(r.query.get('prefix')!),
      ),
    );
    assert.equal(got.stats.skipped.key_outside_layout, 3);
    assert.equal(got.stats.skipped.empty_object, 1);
    assert.equal(got.stats.skipped.prefix_outside_layout, 1);
    assert.ok((got.stats.skipped.key_out_of_window ?? 0) > 0);

    const local = await read(createFileSource(join(localDir, ROOT)), WINDOW);
    assert.ok(got.records.length > 0);
    assert.deepEqual(got.records, local.records);
  });

  it('should page through more than 1000 keys and read them all in key order', async () => {
    s3.reset();
    const listed: string[] = [];
    const port = createSdkS3Port(opts());
    const stats = createIngestStats();
    for await (const o of listObjects({
      port,
      bucket: BUCKET,
      scope: `${ROOT}AWSLogs/${A1}/`,
      root: ROOT,
      accounts: [],
      regions: [],
      stats,
    })) {
      listed.push(o.key);
    }
    port.destroy();
    const a1 = [...data.flowKeys.keys()].filter((k) => k.includes(`/${A1}/`)).sort();
    assert.ok(a1.length > 1000);
    assert.deepEqual(listed, a1);
    assert.ok(
      lists().some((r) => r.query.has('continuation-token')),
      'no second page requested',
    );

    s3.reset();
    const started = performance.now();
    const all = await read(createS3Source(`s3://${BUCKET}/${ROOT}`, opts({ concurrency: 4 })));
    const seconds = (performance.now() - started) / 1000;
    const every = [...data.flowKeys.keys()].sort();
    assert.deepEqual(
      all.names,
      every.map((k) => `s3://${BUCKET}/${k}`),
    );
    assert.equal(all.stats.kept, every.length * 2);
    assert.ok(s3.peakGets() <= 4, `peak ${s3.peakGets()} concurrent GETs`);
    const rate = Math.round(every.length / seconds);
    console.log(
      `# s3rver: listed and read ${every.length} objects in ${seconds.toFixed(2)} s (${rate} objects/s, concurrency 4)`,
    );
  });

  it('should honour --accounts and --regions without discovering what they name', async () => {
    s3.reset();
    const a2 = await read(createS3Source(`s3://${BUCKET}/logs/`, opts({ accounts: [A2] })), WINDOW);
    assert.deepEqual(
      gets(),
      expectedKeys(WINDOW, (k) => k.includes(A2)),
    );
    assert.ok(a2.stats.kept > 0);

    s3.reset();
    await read(
      createS3Source(`s3://${BUCKET}/logs/`, opts({ accounts: [A1], regions: ['eu-west-1'] })),
      WINDOW,
    );
    assert.deepEqual(
      gets(),
      expectedKeys(WINDOW, (k) => k.includes('eu-west-1')),
    );
    const regionLevel = `${ROOT}AWSLogs/${A1}/vpcflowlogs/`;
    assert.ok(
      !lists().some((r) => r.query.get('prefix') === regionLevel),
      'regions were discovered',
    );
  });

  it('should walk the date folders for long or open-ended windows', async () => {
    const open: TimeWindow = { start: at('2024-05-02T23:00:00Z'), stop: Number.MAX_SAFE_INTEGER };
    s3.reset();
    const got = await read(createS3Source(`s3://${BUCKET}/logs/`, opts()), open);
    assert.deepEqual(gets(), expectedKeys(open));
    const local = await read(createFileSource(join(localDir, ROOT)), open);
    assert.deepEqual(got.records, local.records);

    const long: TimeWindow = {
      start: at('2024-03-01T00:00:00Z'),
      stop: at('2024-05-01T12:00:00Z'),
    };
    s3.reset();
    const got2 = await read(createS3Source(`s3://${BUCKET}/logs/`, opts()), long);
    assert.deepEqual(gets(), expectedKeys(long));
    assert.deepEqual(
      got2.records,
      (await read(createFileSource(join(localDir, ROOT)), long)).records,
    );
  });

  it('should read a prefix that reaches into the layout', async () => {
    s3.reset();
    const deep = `${ROOT}AWSLogs/${A1}/vpcflowlogs/eu-west-1/2024/05/02/10/`;
    await read(createS3Source(`s3://${BUCKET}/${deep}`, opts()), WINDOW);
    assert.deepEqual(
      gets(),
      expectedKeys(WINDOW, (k) => k.startsWith(deep)),
    );
  });

  it('should list a prefix that is not a layout root whole, still filtering flow-log names', async () => {
    const plain = new Map<string, Buffer>([
      [
        'copied/a/' +
          flowFileName({
            account: A1,
            region: 'us-east-1',
            stamp: WINDOW.start,
            version: 2,
            records: 1,
          }),
        flowFileBody({
          account: A1,
          region: 'us-east-1',
          stamp: WINDOW.start,
          version: 2,
          records: 3,
        }),
      ],
      [
        'copied/b/' +
          flowFileName({
            account: A1,
            region: 'us-east-1',
            stamp: WINDOW.start - DAY,
            version: 2,
            records: 1,
          }),
        flowFileBody({
          account: A1,
          region: 'us-east-1',
          stamp: WINDOW.start - DAY,
          version: 2,
          records: 3,
        }),
      ],
      ['copied/c/readme.txt', Buffer.from('hello\n')],
    ]);
    await putObjects(s3, BUCKET, plain);
    s3.reset();
    const got = await read(createS3Source(`s3://${BUCKET}/copied`, opts()), WINDOW);
    assert.deepEqual(
      gets(),
      [...plain.keys()].filter((k) => !k.startsWith('copied/b/')),
    );
    assert.equal(got.stats.skipped.key_out_of_window, 1);
    assert.equal(got.stats.skipped.key_outside_layout, undefined);
  });

  it('should give the same records with a tiny byte cap and one download at a time', async () => {
    const base = await read(createS3Source(`s3://${BUCKET}/logs/`, opts()), WINDOW);
    for (const o of [
      { concurrency: 1, maxBufferedBytes: 1 },
      { concurrency: 2, maxBufferedBytes: 600 },
    ]) {
      s3.reset();
      const got = await read(createS3Source(`s3://${BUCKET}/logs/`, opts(o)), WINDOW);
      assert.deepEqual(got.records, base.records);
      assert.deepEqual(got.names, base.names);
      assert.ok(s3.peakGets() <= o.concurrency, `peak ${s3.peakGets()} > ${o.concurrency}`);
    }
  });

  it('should fail with a coded error for a missing bucket', async () => {
    const src = createS3Source('s3://no-such-bucket/x/', opts());
    await assert.rejects(read(src), { code: 'FLOW_SOURCE_NOT_FOUND' });
  });

  it('should digest through the CLI as the same files read locally', async () => {
    const run = async (...argv: string[]) => {
      let out = '';
      let err = '';
      const sink = (f: (s: string) => void) =>
        new Writable({ write: (c, _e, cb) => (f(String(c)), cb()) });
      const code = await main(argv, {
        stdin: process.stdin,
        stdout: sink((s) => (out += s)),
        stderr: sink((s) => (err += s)),
        env: process.env,
        cwd: process.cwd(),
      });
      assert.equal(code, 0, err);
      return out.split('\n').filter(Boolean).sort();
    };
    const win = ['--start', '2024-05-02T10:00:00Z', '--stop', '2024-05-02T11:00:00Z'];
    const remote = await run('digest', `s3://${BUCKET}/logs/`, '--endpoint', s3.endpoint, ...win);
    const local = await run('digest', join(localDir, ROOT), ...win);
    assert.ok(remote.length > 10);
    assert.deepEqual(remote, local);
    assert.equal(openSource(`s3://${BUCKET}/logs/`).kind, 's3');
  });
});

let confN = 0;
runSourceConformance({
  name: 's3',
  async create(fixture) {
    const prefix = `conformance-${confN++}/`;
    const objects = new Map(
      fixture.objects.map((lines, i) => [
        `${prefix}part-${String(i).padStart(3, '0')}.log`,
        Buffer.from([fixture.header, ...lines].join('\n') + '\n'),
      ]),
    );
    await putObjects(s3, BUCKET, objects);
    return createS3Source(`s3://${BUCKET}/${prefix}`, opts());
  },
});
