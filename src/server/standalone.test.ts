import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { loadServiceConfig } from '../config/load-service-config.ts';
import { freePort } from '../jobs/queues/nats-server-fixture.ts';
import { runService, type Running } from './serve.ts';
import { sampleFlowLog } from './service-harness.ts';

const W = 'start=2019-01-01T00:00:00Z&stop=2019-01-01T01:00:00Z';
const DIGEST_ID = '9740a140-ba85-5600-8b93-7b46eec77617';
const auth = { authorization: 'Bearer s3cret' };

// Upstream's standalone mode (Q1): STREAM_APPLIANCE_ENDPOINT is the service's own worker route.
// Upstream required 200 from it, got 204, answered 500 and never marked; here the POST is 202.
describe('standalone mode: STREAM_APPLIANCE_ENDPOINT pointing at the service itself', () => {
  let dir: string;
  let running: Running;
  let base: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flowlens-standalone-'));
    await mkdir(join(dir, 'flow-logs'));
    await writeFile(join(dir, 'flow-logs', 'sample.log'), sampleFlowLog());
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env = {
      STREAM_APPLIANCE_ENDPOINT: `${base}/digest/produce`,
      FLOWLENS_TOKEN: 's3cret',
      FLOWLENS_LOG_LEVEL: 'silent',
    };
    const config = loadServiceConfig(
      { data: dir, port: String(port) },
      [join(dir, 'flow-logs')],
      env,
      dir,
    );
    assert.equal(config.queue.kind, 'http');
    running = await runService(config, { apiEnabled: true });
  });
  after(async () => {
    await running?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const call = (path: string, method = 'GET') => fetch(base + path, { method, headers: auth });

  it('should answer 202 to POST, having run and stored the job through its own worker route', async () => {
    const posted = await call(`/digest?${W}`, 'POST');
    assert.equal(posted.status, 202);
    assert.equal(await posted.text(), '');
    const got = await call(`/digest?${W}`);
    assert.equal(got.status, 200);
    const digest = gunzipSync(Buffer.from(await got.arrayBuffer())).toString('utf8');
    assert.match(digest, /^2 123456789010 eni-abc123de /m);
    const job = (await (await call(`/api/v1/jobs/${DIGEST_ID}`)).json()) as { state: string };
    assert.equal(job.state, 'done');
    const again = await call(`/digest?${W}`, 'POST');
    assert.equal(again.status, 409);
    assert.deepEqual(await again.json(), { message: `digest ${DIGEST_ID} already exists` });
  });

  it('should run other kinds through the same endpoint (the body names the kind)', async () => {
    assert.equal((await call(`/graph?${W}`, 'POST')).status, 202);
    const got = await call(`/graph?${W}`);
    assert.equal(got.status, 200);
    assert.match(await got.text(), /^digraph \{/);
  });
});
