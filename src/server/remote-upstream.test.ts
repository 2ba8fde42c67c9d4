import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { serve } from '@hono/node-server';
import { createHarness, type Harness } from './service-harness.ts';

const W = 'start=2019-01-01T00:00:00Z&stop=2019-01-01T01:00:00Z';
const DIFF =
  'previous_start=2019-01-01T00:00:00Z&previous_stop=2019-01-01T01:00:00Z&next_start=2019-01-02T00:00:00Z&next_stop=2019-01-02T01:00:00Z';

async function until200(request: (path: string) => Response | Promise<Response>, path: string) {
  for (let i = 0; i < 300; i++) {
    const res = await request(path);
    if (res.status === 200) {
      return res;
    }
    await sleep(20);
  }
  throw new Error(`${path} never answered 200`);
}

const lines = (text: string) => new Set(text.split('\n').map((l) => l.trim()));

// Upstream's three-service deployment, with flowlens in every role: the "remote" instance has the
// flow logs and serves /digest and /graph over real HTTP; the local one has no flow logs at all and
// gets digests (as grapherd) and graphs (as diffd) by POST then polling GET.
describe('DIGESTER_ENDPOINT / GRAPHER_ENDPOINT: graph and diff jobs from remote services', () => {
  let remote: Harness;
  let server: Server;
  let local: Harness;
  let url: string;
  before(async () => {
    remote = await createHarness({ workers: 2 });
    server = await new Promise<Server>((resolve) => {
      const s = serve({ fetch: remote.app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
        resolve(s as Server),
      );
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    local = await createHarness({
      workers: 1,
      sources: [join(tmpdir(), 'flowlens-no-flow-logs-here')],
      env: {
        DIGESTER_ENDPOINT: `${url}/digest`,
        DIGESTER_POLLING_INTERVAL: '20',
        DIGESTER_POLLING_TIMEOUT: '-1',
        GRAPHER_ENDPOINT: `${url}/graph`,
        GRAPHER_POLLING_INTERVAL: '20',
        GRAPHER_POLLING_TIMEOUT: '10000',
      },
    });
  });
  after(async () => {
    await local?.close();
    await new Promise<void>((r) => server.close(() => r()));
    await remote?.close();
  });

  const atLocal = (p: string) => local.app.request(p);
  const atRemote = (p: string) => fetch(url + p);

  it('should build the graph from the remote digest', async () => {
    assert.equal((await local.app.request(`/graph?${W}`, { method: 'POST' })).status, 202);
    const dot = await (await until200(atLocal, `/graph?${W}`)).text();
    assert.equal((await atRemote(`/digest?${W}`)).status, 200, 'the remote made the digest');
    // The digest zeroes the ephemeral port and sums volumes: 5 sources → .21:80, .21:443 → 3 peers.
    const edges = dot.split('\n').filter((l) => l.includes('->'));
    assert.equal(edges.length, 8);
    assert.ok(edges.every((e) => /govpc_srcPort="0"|govpc_dstPort="0"/.test(e)));
    assert.match(dot, /label="172\.31\.16\.21"/);
  });

  it('should diff the two remote graphs like the remote diffs its own', async () => {
    assert.equal((await local.app.request(`/diff?${DIFF}`, { method: 'POST' })).status, 202);
    const ours = await (await until200(atLocal, `/diff?${DIFF}`)).text();
    assert.equal((await atRemote(`/graph?${W}`)).status, 200, 'the remote made the graphs');
    assert.equal((await atRemote(`/diff?${DIFF}`)).status, 404, 'but no diff');
    assert.equal((await fetch(`${url}/diff?${DIFF}`, { method: 'POST' })).status, 202);
    const theirs = await (await until200(atRemote, `/diff?${DIFF}`)).text();
    assert.match(ours, /govpc_diff="ADDED"/);
    assert.match(ours, /govpc_diff="REMOVED"/);
    assert.deepEqual(lines(ours), lines(theirs));
  });

  it('should fail the job when the remote answers 404 or an error', async () => {
    const broken = await createHarness({
      workers: 1,
      env: {
        DIGESTER_ENDPOINT: `${url}/no-such-route`,
        FLOWLENS_MAX_ATTEMPTS: '1',
      },
    });
    try {
      const res = await broken.app.request(`/graph?${W}`, { method: 'POST' });
      assert.equal(res.status, 202);
      let state = '';
      for (let i = 0; i < 200 && state !== 'failed'; i++) {
        await sleep(20);
        const r = await broken.app.request('/api/v1/jobs');
        state = ((await r.json()) as { jobs: { state: string }[] }).jobs[0]?.state ?? '';
      }
      assert.equal(state, 'failed');
      assert.equal((await broken.app.request(`/graph?${W}`)).status, 404);
    } finally {
      await broken.close();
    }
  });
});
