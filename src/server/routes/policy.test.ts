import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHarness, type Harness } from '../service-harness.ts';

const W = 'start=2019-01-01T00:00:00Z&stop=2019-01-01T01:00:00Z';

describe('bearer token', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness({ flags: { token: 's3cret' } });
  });
  after(() => h.close());

  for (const path of ['/healthz', `/digest?${W}`, '/api/v1/jobs', '/metrics']) {
    it(`should refuse ${path} without the token and serve it with it`, async () => {
      assert.equal((await h.app.request(path)).status, 401);
      const wrong = await h.app.request(path, { headers: { authorization: 'Bearer nope' } });
      assert.equal(wrong.status, 401);
      const ok = await h.app.request(path, { headers: { authorization: 'Bearer s3cret' } });
      assert.ok([200, 404].includes(ok.status), `got ${ok.status}`);
    });
  }
});

describe('no token, worker push route and native API', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  it('should serve /healthz without a token when none is set', async () => {
    assert.equal((await h.app.request('/healthz')).status, 200);
  });

  const bad: [string, string][] = [
    ['not json', '{'],
    ['missing id', '{"start":"2019-01-01T00:00:00Z","stop":"2019-01-01T01:00:00Z"}'],
    ['bad time', '{"id":"9740a140-ba85-5600-8b93-7b46eec77617","start":"x","stop":"y"}'],
    [
      'empty range',
      '{"id":"9740a140-ba85-5600-8b93-7b46eec77617","start":"2019-01-01T00:00:00Z","stop":"2019-01-01T00:00:30Z"}',
    ],
    [
      'diff order',
      '{"id":"0ef9017c-fa6b-5e06-a441-8917b7cad4e8","previousStart":"2019-01-02T00:00:00Z","previousStop":"2019-01-02T01:00:00Z","nextStart":"2019-01-01T00:00:00Z","nextStop":"2019-01-01T01:00:00Z"}',
    ],
  ];
  for (const [what, body] of bad) {
    it(`should answer 400 to a pushed job with ${what}`, async () => {
      const res = await h.app.request('/digest/produce', { method: 'POST', body });
      assert.equal(res.status, 400);
    });
  }

  it('should run a pushed job, answer 204 and store it under <id>.log.gz', async () => {
    const body =
      '{"id":"9740a140-ba85-5600-8b93-7b46eec77617","start":"2019-01-01T00:00:00Z","stop":"2019-01-01T01:00:00Z"}';
    const res = await h.app.request('/digest/produce', { method: 'POST', body });
    assert.equal(res.status, 204);
    assert.equal((await h.app.request(`/digest?${W}`)).status, 200);
    const text = await (
      await h.app.request('/api/v1/digests/9740a140-ba85-5600-8b93-7b46eec77617')
    ).text();
    assert.equal(text.split('\n').filter(Boolean).length > 0, true);
  });

  it('should list jobs and serve the OpenAPI document', async () => {
    const doc = (await (await h.app.request('/api/v1/openapi.json')).json()) as { paths: object };
    assert.ok('/digest' in doc.paths && '/api/v1/graphs/{id}' in doc.paths);
    const jobs = (await (await h.app.request('/api/v1/jobs')).json()) as {
      jobs: { state: string }[];
    };
    assert.deepEqual(
      jobs.jobs.map((j) => j.state),
      ['done'],
    );
  });

  it('should answer 400 JSON, not crash, on garbage native queries', async () => {
    const res = await h.app.request('/api/v1/graphs?start=%00&stop=1e999', { method: 'POST' });
    assert.equal(res.status, 400);
    assert.ok(((await res.json()) as { message: string }).message);
  });

  it('should answer 413 to an oversized body', async () => {
    const res = await h.app.request('/digest/produce', {
      method: 'POST',
      body: 'x'.repeat(2 << 20),
      headers: { 'content-length': String(2 << 20) },
    });
    assert.equal(res.status, 413);
  });
});
