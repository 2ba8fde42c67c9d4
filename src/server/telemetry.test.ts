import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHarness, type Harness } from './service-harness.ts';

describe('statsd with Datadog tags', () => {
  let udp: Socket;
  let h: Harness;
  const received: string[] = [];
  before(async () => {
    udp = createSocket('udp4');
    udp.on('message', (m) => received.push(...m.toString('utf8').split('\n').filter(Boolean)));
    udp.bind(0, '127.0.0.1');
    await once(udp, 'listening');
    h = await createHarness({
      env: {
        STATSD_HOST: '127.0.0.1',
        STATSD_PORT: String(udp.address().port),
        DD_TAGS: 'env:test,team:net',
        DD_SERVICE: 'flowlens',
      },
      workers: 1,
    });
  });
  after(async () => {
    await h.close();
    udp.close();
  });

  async function waitFor(match: (line: string) => boolean): Promise<string | undefined> {
    for (let i = 0; i < 100; i++) {
      const hit = received.find(match);
      if (hit) {
        return hit;
      }
      await sleep(50);
    }
    return undefined;
  }

  it('should send request counts and latencies with global and per-request tags', async () => {
    assert.equal((await h.app.request('/healthz')).status, 200);
    const count = await waitFor((l) => l.startsWith('flowlens.http.requests:'));
    assert.equal(
      count,
      'flowlens.http.requests:1|c|#env:test,team:net,service:flowlens,method:GET,route:/healthz,status:200',
    );
    const timing = await waitFor((l) => l.startsWith('flowlens.http.latency:'));
    assert.match(
      timing ?? '',
      /^flowlens\.http\.latency:[\d.]+\|ms\|#env:test,team:net,service:flowlens,method:GET,route:\/healthz$/,
    );
  });

  it('should send job outcomes and durations', async () => {
    const q = '/digest?start=2019-01-01T00:00:00Z&stop=2019-01-01T01:00:00Z';
    assert.equal((await h.app.request(q, { method: 'POST' })).status, 202);
    const job = await waitFor((l) => l.startsWith('flowlens.jobs:'));
    assert.equal(
      job,
      'flowlens.jobs:1|c|#env:test,team:net,service:flowlens,kind:digest,outcome:done',
    );
    const took = await waitFor((l) => l.startsWith('flowlens.job.duration:'));
    assert.match(took ?? '', /\|ms\|#env:test,team:net,service:flowlens,kind:digest$/);
  });
});
