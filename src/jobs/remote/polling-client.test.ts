import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { isFlowError } from '../../model/errors.ts';
import { createPollingClient, type PollingConfig } from './polling-client.ts';

interface Seen {
  method: string;
  query: string;
  authorization?: string;
}

/** A scripted stand-in for digesterd: answers each request with the next status in the script. */
describe('polling client (grapherd/diffd upstream client, Q6 fixed)', () => {
  let server: Server;
  let base: string;
  let script: [number, string][] = [];
  let seen: Seen[] = [];
  before(async () => {
    server = createServer((req, res) => {
      const [status, body] = script.shift() ?? [500, 'script exhausted'];
      seen.push({
        method: req.method!,
        query: req.url!.slice(req.url!.indexOf('?') + 1),
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      });
      res.writeHead(status).end(status === 204 ? undefined : body);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}/digest`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const client = (o: Partial<PollingConfig> = {}) =>
    createPollingClient({ endpoint: base, intervalMs: 5, timeoutMs: 5000, ...o });
  const run = (steps: [number, string][], o?: Partial<PollingConfig>) => {
    script = [...steps];
    seen = [];
    return client(o).result({ start: '2019-01-01T00:00:00Z', stop: '2019-01-01T01:00:00Z' });
  };
  const failsWith = async (p: Promise<unknown>, pattern: RegExp) => {
    await assert.rejects(
      p,
      (e: unknown) => isFlowError(e, 'FLOW_DATA_FETCH') && pattern.test(e.message),
    );
  };

  it('should send the configured headers (a bearer token) on every request', async () => {
    const headers = { authorization: 'Bearer s3cret' };
    await run(
      [
        [202, ''],
        [204, ''],
        [200, 'ok'],
      ],
      { headers },
    );
    assert.deepEqual(
      seen.map((s) => s.authorization),
      ['Bearer s3cret', 'Bearer s3cret', 'Bearer s3cret'],
    );
  });

  it('should POST, poll through 204s and return the 200 body', async () => {
    const body = await run([
      [202, ''],
      [204, ''],
      [204, ''],
      [200, 'the digest'],
    ]);
    assert.equal(Buffer.from(body).toString(), 'the digest');
    assert.deepEqual(
      seen.map((s) => s.method),
      ['POST', 'GET', 'GET', 'GET'],
    );
    assert.equal(seen[0]!.query, 'start=2019-01-01T00%3A00%3A00Z&stop=2019-01-01T01%3A00%3A00Z');
  });

  it('should take 409 (exists or in progress) as accepted', async () => {
    const body = await run([
      [409, '{"message":"digest x already exists"}'],
      [200, 'ok'],
    ]);
    assert.equal(Buffer.from(body).toString(), 'ok');
  });

  it('should fail on an unexpected POST status', async () => {
    await failsWith(run([[500, 'boom']]), /unexpected response .* 500: boom/);
    await failsWith(run([[400, '{"message":"bad"}']]), /400/);
  });

  it('should fail on 404 or 5xx while polling', async () => {
    await failsWith(
      run([
        [202, ''],
        [204, ''],
        [404, ''],
      ]),
      /polling .* 404/,
    );
    await failsWith(
      run([
        [202, ''],
        [503, 'busy'],
      ]),
      /polling .* 503: busy/,
    );
  });

  it('should give up after a finite timeout', async () => {
    const steps = Array.from({ length: 100 }, (): [number, string] => [204, '']);
    await failsWith(run([[202, ''], ...steps], { intervalMs: 20, timeoutMs: 100 }), /time out/);
    assert.ok(seen.length >= 3 && seen.length <= 10, `${seen.length} requests`);
  });

  it('should poll forever with timeout -1 (upstream failed on the first GET)', async () => {
    const steps = Array.from({ length: 30 }, (): [number, string] => [204, '']);
    const body = await run([[202, ''], ...steps, [200, 'late']], { intervalMs: 5, timeoutMs: -1 });
    assert.equal(Buffer.from(body).toString(), 'late');
    assert.equal(seen.length, 32);
  });

  it('should stop when its signal aborts', async () => {
    const steps = Array.from({ length: 1000 }, (): [number, string] => [204, '']);
    script = [[202, ''], ...steps];
    const p = client({ intervalMs: 10, timeoutMs: -1 }).result(
      { a: 'b' },
      AbortSignal.timeout(100),
    );
    await assert.rejects(p);
  });
});
