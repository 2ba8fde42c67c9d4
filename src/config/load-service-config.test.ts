import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFlowError } from '../model/errors.ts';
import { loadServiceConfig } from './load-service-config.ts';
import { queueLeaseMs } from './service-config.ts';

const load = (env: Record<string, string>, flags: Record<string, string> = {}) =>
  loadServiceConfig(flags, [], env, '/srv');

describe('loadServiceConfig', () => {
  it('should default to the embedded queue and store under the data directory', () => {
    const c = load({});
    assert.equal(c.dataDir, '/srv/.flowlens');
    assert.deepEqual(c.queue, { kind: 'dir', dir: '/srv/.flowlens/queue' });
    assert.deepEqual(c.kinds.digest.storage, { kind: 'dir', dir: '/srv/.flowlens/results' });
    assert.equal(c.kinds.graph.progressTimeoutMs, 600_000);
    assert.equal(c.digester, undefined);
    assert.equal(c.grapher, undefined);
    assert.ok(Object.isFrozen(c.kinds.digest));
  });

  it('should read upstream names per kind, with FLOWLENS_* and flags winning', () => {
    const c = load(
      {
        DIGEST_STORAGE_BUCKET: 'digests',
        DIGEST_STORAGE_BUCKET_REGION: 'eu-west-1',
        GRAPH_PROGRESS_TIMEOUT: '1500',
        STREAM_APPLIANCE_ENDPOINT: 'http://bus/x/y',
        FLOWLENS_PORT: '9000',
        PORT: '7000',
      },
      { port: '8081' },
    );
    assert.deepEqual(c.kinds.digest.storage, {
      kind: 's3',
      bucket: 'digests',
      region: 'eu-west-1',
    });
    assert.equal(c.kinds.graph.progressTimeoutMs, 1500);
    assert.deepEqual(c.queue, { kind: 'http', endpoint: 'http://bus/x/y' });
    assert.equal(c.port, 8081);
    assert.equal(load({ FLOWLENS_PORT: '9000', PORT: '7000' }).port, 9000);
  });

  it('should prefer NATS over an event bus', () => {
    const c = load({ STREAM_APPLIANCE_ENDPOINT: 'http://bus/x/y', NATS_URL: 'nats://n:4222' });
    assert.deepEqual(c.queue, { kind: 'nats', servers: 'nats://n:4222', stream: 'FLOWLENS_JOBS' });
  });

  it('should resolve each remote service with its own polling settings (-1 = forever)', () => {
    const c = load({
      DIGESTER_ENDPOINT: 'http://digesterd:8080/',
      DIGESTER_POLLING_INTERVAL: '250',
      GRAPHER_ENDPOINT: 'http://grapherd:8080/',
      GRAPHER_POLLING_TIMEOUT: '30000',
    });
    assert.deepEqual(c.digester, {
      endpoint: 'http://digesterd:8080/',
      intervalMs: 250,
      timeoutMs: -1,
    });
    assert.deepEqual(c.grapher, {
      endpoint: 'http://grapherd:8080/',
      intervalMs: 1000,
      timeoutMs: 30000,
    });
  });

  it('should send a remote service its bearer token when one is configured', () => {
    const c = load({ DIGESTER_ENDPOINT: 'http://d/', DIGESTER_TOKEN: 's3cret' });
    assert.deepEqual(c.digester?.headers, { authorization: 'Bearer s3cret' });
    assert.equal(load({ DIGESTER_ENDPOINT: 'http://d/' }).digester?.headers, undefined);
  });

  const bad: Record<string, string>[] = [
    { DIGEST_PROGRESS_TIMEOUT: '0' },
    { DIGEST_PROGRESS_TIMEOUT: '1.5s' },
    { DIGESTER_ENDPOINT: 'http://d/', DIGESTER_POLLING_TIMEOUT: '-2' },
    { GRAPHER_ENDPOINT: 'http://g/', GRAPHER_POLLING_INTERVAL: '0' },
    { FLOWLENS_RATE_LIMIT: '-1' },
  ];
  for (const env of bad) {
    it(`should refuse ${JSON.stringify(env)}`, () => {
      assert.throws(
        () => load(env),
        (e: unknown) => isFlowError(e, 'FLOW_CONFIG_INVALID'),
      );
    });
  }

  it('should lease queued jobs for the shortest in-progress timeout', () => {
    assert.equal(queueLeaseMs(load({})), 600_000);
    assert.equal(queueLeaseMs(load({ DIGEST_PROGRESS_TIMEOUT: '1500' })), 1500);
    assert.equal(queueLeaseMs(load({ FLOWLENS_PROGRESS_TIMEOUT: '2000' })), 2000);
  });
});
