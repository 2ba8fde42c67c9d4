import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../main.ts';
import { readAwsRangesSnapshot } from '../../enrich/aws-ranges-snapshot.ts';
import { createAwsRangeLookup } from '../../enrich/aws-ranges.ts';

const FIXTURE = readFileSync(
  new URL('../../../test/fixtures/aws/ip-ranges.json', import.meta.url),
  'utf8',
);

const ROUTES: Record<string, [number, string]> = {
  '/ip-ranges.json': [200, FIXTURE],
  '/broken.json': [200, '{"syncToken": "1", "prefixes": ['],
  '/missing.json': [404, 'not found'],
};

let server: Server;
let base: string;
let dir: string;
before(async () => {
  server = createServer((req, res) => {
    const [status, body] = ROUTES[req.url ?? ''] ?? [404, ''];
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'flowlens-update-data-'));
});
after(async () => {
  await new Promise((ok) => server.close(ok));
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { stdout: '', stderr: '' };
  stdout.on('data', (c) => (chunks.stdout += c));
  stderr.on('data', (c) => (chunks.stderr += c));
  const code = await main(argv, { stdin: new PassThrough(), stdout, stderr, env: {}, cwd: dir });
  return { code, ...chunks };
}

test('update-data downloads, compacts and rewrites the snapshot', async () => {
  const out = join(dir, 'aws.json');
  const r = await run(['update-data', '--url', `${base}/ip-ranges.json`, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const snap = await readAwsRangesSnapshot(out);
  assert.equal(snap.syncToken, '1700000000');
  assert.equal(snap.prefixes.length, 9);
  assert.equal(createAwsRangeLookup(snap).lookup('3.5.140.9')?.service, 'S3');
  assert.ok((await readFile(out, 'utf8')).includes('\n    ["3.5.140.0/22","S3","ap-northeast-2"]'));
});

test('HTTP errors, bad JSON and unreachable hosts fail cleanly with a code', async () => {
  const out = join(dir, 'untouched.json');
  const cases: [string, string][] = [
    [`${base}/missing.json`, 'FLOW_DATA_FETCH'],
    [`${base}/broken.json`, 'FLOW_DATA_INVALID'],
    ['http://127.0.0.1:1/ip-ranges.json', 'FLOW_DATA_FETCH'],
  ];
  for (const [url, code] of cases) {
    const r = await run(['update-data', '--url', url, '--out', out, '--timeout', '5000']);
    assert.equal(r.code, 1, url);
    assert.ok(r.stderr.includes(`[${code}]`), `${url}: ${r.stderr}`);
    assert.ok(!r.stderr.includes('unexpected error'), r.stderr);
  }
  await assert.rejects(readFile(out), { code: 'ENOENT' });
});

test('an unwritable output is a storage error, not a crash', async () => {
  const r = await run([
    'update-data',
    '--url',
    `${base}/ip-ranges.json`,
    '--out',
    join(dir, 'no/such/dir/x.json'),
  ]);
  assert.equal(r.code, 1);
  assert.ok(r.stderr.includes('[FLOW_STORAGE]'), r.stderr);
});
