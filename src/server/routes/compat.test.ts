import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHarness, type Harness } from '../service-harness.ts';

const W = 'start=2019-01-01T00:00:00Z&stop=2019-01-01T01:00:00Z';
const DIFF =
  'previous_start=2019-01-01T00:00:00Z&previous_stop=2019-01-01T01:00:00Z&next_start=2019-01-02T00:00:00Z&next_stop=2019-01-02T01:00:00Z';
const DIGEST_ID = '9740a140-ba85-5600-8b93-7b46eec77617';
const GRAPH_ID = '96069e46-92fe-5bb8-aa83-14139ca72643';
const DIFF_ID = '0ef9017c-fa6b-5e06-a441-8917b7cad4e8';

async function until200(h: Harness, path: string): Promise<Response> {
  for (let i = 0; i < 200; i++) {
    const res = await h.app.request(path);
    if (res.status === 200) {
      return res;
    }
    await sleep(25);
  }
  throw new Error(`${path} never answered 200`);
}

async function message(res: Response): Promise<string> {
  assert.equal(res.headers.get('content-type'), 'application/json');
  return ((await res.json()) as { message: string }).message;
}

describe('upstream status-code matrix', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  const bad400: [string, string][] = [
    ['/digest', 'start=nope&stop=2019-01-01T01:00:00Z'],
    ['/digest', 'start=2019-01-01T00:00:00Z&stop=2019-13-01T00:00:00Z'],
    ['/digest', 'start=2019-01-01T01:00:00Z&stop=2019-01-01T00:00:00Z'],
    ['/digest', 'start=2019-01-01T00:00:10Z&stop=2019-01-01T00:00:50Z'],
    ['/digest', ''],
    ['/graph', 'start=2019-01-01T00:00:00Z'],
    ['/graph', 'start=2019-01-01T01:00:00Z&stop=2019-01-01T01:00:00Z'],
    ['/diff', DIFF.replace('previous_start=2019-01-01T00', 'previous_start=x')],
    ['/diff', DIFF.replace('previous_stop=2019-01-01T01', 'previous_stop=2018-01-01T01')],
    ['/diff', DIFF.replace('next_stop=2019-01-02T01', 'next_stop=2019-01-01T23')],
    ['/diff', DIFF.replace('next_start=2019-01-02T00', 'next_start=2018-12-31T00')],
    ['/diff', DIFF.replace('next_stop=2019-01-02T01', 'next_stop=2019-01-01T00:30')],
    ['/diff', 'previous_start=%ZZ&next_stop[]=1'],
  ];
  for (const [path, query] of bad400) {
    for (const method of ['GET', 'POST']) {
      it(`should answer 400 JSON to ${method} ${path}?${query}`, async () => {
        const res = await h.app.request(`${path}?${query}`, { method });
        assert.equal(res.status, 400);
        assert.ok((await message(res)).length > 0);
      });
    }
  }

  it('should answer 404 to GET of a window never asked for', async () => {
    const res = await h.app.request('/digest?start=2020-01-01T00:00:00Z&stop=2020-01-01T01:00:00Z');
    assert.equal(res.status, 404);
    assert.equal(await res.text(), '');
  });

  const kinds = [
    [
      'digest',
      W,
      DIGEST_ID,
      `digest ${DIGEST_ID} is being created`,
      `digest ${DIGEST_ID} already exists`,
    ],
    [
      'graph',
      W,
      GRAPH_ID,
      `graph ${GRAPH_ID} is being created`,
      'graph for the time 2019-01-01T00:00:00Z to 2019-01-01T01:00:00Z already exists',
    ],
    [
      'diff',
      DIFF,
      DIFF_ID,
      `diff ${DIFF_ID} is being created`,
      'diff for the time range 2019-01-01T00:00:00Z to 2019-01-01T01:00:00Z and time range 2019-01-02T00:00:00Z to 2019-01-02T01:00:00Z already exists',
    ],
  ] as const;
  for (const [kind, query, id, inProgress, exists] of kinds) {
    it(`should walk ${kind} through 202, 409 in progress, 204, 200 and 409 exists`, async () => {
      const path = `/${kind}?${query}`;
      const posted = await h.app.request(path, { method: 'POST' });
      assert.equal(posted.status, 202);
      assert.equal(await posted.text(), '');
      const again = await h.app.request(path, { method: 'POST' });
      assert.equal(again.status, 409);
      assert.equal(await message(again), inProgress);
      assert.equal((await h.app.request(path)).status, 204);
      assert.ok(await h.runtime.backendFor(kind).store.exists(`${id}_in_progress`));
      const lease = await h.runtime.workQueue!.next(AbortSignal.timeout(2000));
      assert.equal(lease?.job.id, id);
      const { executeJob } = await import('../../jobs/execute-job.ts');
      await executeJob(lease!.job, h.runtime.execute);
      await lease!.ack();
      const done = await until200(h, path);
      assert.equal(done.headers.get('content-type'), 'application/octet-stream');
      const body = Buffer.from(await done.arrayBuffer());
      const text = kind === 'digest' ? gunzipSync(body).toString() : body.toString();
      assert.match(text, kind === 'digest' ? /^2 123456789010 eni-abc123de / : /^digraph \{/);
      const conflict = await h.app.request(path, { method: 'POST' });
      assert.equal(conflict.status, 409);
      assert.equal(await message(conflict), exists);
    });
  }

  it('should hash the same diff ID for times within the same minute (Q4 fixed)', async () => {
    const res = await h.app.request(
      `/diff?${DIFF.replace('T00:00:00Z&previous_stop', 'T00:00:30Z&previous_stop')}`,
    );
    assert.equal(res.status, 200);
  });
});

describe('in-progress marker TTL', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness({ env: { DIGEST_PROGRESS_TIMEOUT: '300' } });
  });
  after(() => h.close());

  it('should answer 404 after the marker expires with nothing stored, and re-queue on POST', async () => {
    const path = `/digest?${W}`;
    assert.equal((await h.app.request(path, { method: 'POST' })).status, 202);
    assert.equal((await h.app.request(path)).status, 204);
    await sleep(350);
    assert.equal((await h.app.request(path)).status, 404);
    assert.equal((await h.app.request(path, { method: 'POST' })).status, 202);
  });
});
