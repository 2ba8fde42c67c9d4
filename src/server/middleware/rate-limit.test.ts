import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Hono } from 'hono';
import type { AppEnv } from '../app-deps.ts';
import { createHarness, type Harness } from '../service-harness.ts';
import { rateLimit } from './rate-limit.ts';

describe('rate limit', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness({ env: { FLOWLENS_RATE_LIMIT: '5' } });
  });
  after(() => h.close());

  it('should answer 429 with retry-after past FLOWLENS_RATE_LIMIT requests a minute', async () => {
    for (let i = 0; i < 5; i++) {
      assert.equal((await h.app.request('/healthz')).status, 200, `request ${i + 1}`);
    }
    const refused = await h.app.request('/digest?start=x&stop=y');
    assert.equal(refused.status, 429);
    assert.deepEqual(await refused.json(), { message: 'rate limit exceeded' });
    const retry = Number(refused.headers.get('retry-after'));
    assert.ok(retry >= 1 && retry <= 60, `retry-after ${retry}`);
  });

  it('should let requests through again in the next window', async () => {
    let now = 0;
    const app = new Hono<AppEnv>();
    app.use(
      '*',
      rateLimit(2, () => now),
    );
    app.get('/', (c) => c.text('ok'));
    const statuses = async (n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        out.push((await app.request('/')).status);
      }
      return out;
    };
    assert.deepEqual(await statuses(3), [200, 200, 429]);
    now = 59_999;
    assert.deepEqual(await statuses(1), [429]);
    now = 60_000;
    assert.deepEqual(await statuses(3), [200, 200, 429]);
  });

  it('should not limit when the limit is 0', async () => {
    const app = new Hono<AppEnv>();
    app.use('*', rateLimit(0));
    app.get('/', (c) => c.text('ok'));
    for (let i = 0; i < 50; i++) {
      assert.equal((await app.request('/')).status, 200);
    }
  });
});
