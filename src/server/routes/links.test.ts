import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ForceGraphData } from '../../graph/render/force-graph.ts';
import { createHarness, type Harness } from '../service-harness.ts';

const W = 'start=2019-01-01T00:00:00Z&stop=2019-01-01T01:00:00Z';

// The sample: 172.31.16.{0..4} → 172.31.16.21:80 ACCEPT; 172.31.16.21:443 → 10.0.0.{0..2} REJECT.
describe('GET /api/v1/links/{mode}', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.close());

  async function links(query: string): Promise<ForceGraphData> {
    const res = await h.app.request(`/api/v1/links/${query}&${W}`);
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(res.headers.get('content-type'), 'application/json');
    return (await res.json()) as ForceGraphData;
  }
  const pairs = (d: ForceGraphData) =>
    d.links.map((l) => `${l.source}>${l.target}:${l.label}${l.type ? ':' + l.type : ''}`).sort();

  it('should inspect every link of an IP', async () => {
    const d = await links('inspect?ip=172.31.16.21');
    assert.equal(d.nodes.length, 9);
    assert.equal(d.links.length, 8);
  });

  it('should keep only rejected links for rejects', async () => {
    const d = await links('rejects?ip=172.31.16.21');
    assert.deepEqual(pairs(d), [
      '172.31.16.21>10.0.0.0:443:reject',
      '172.31.16.21>10.0.0.1:443:reject',
      '172.31.16.21>10.0.0.2:443:reject',
    ]);
  });

  it('should scope inspect to a CIDR', async () => {
    const d = await links('inspect?ip=172.31.16.21&cidr=10.0.0.0/31');
    assert.deepEqual(pairs(d), [
      '172.31.16.21>10.0.0.0:443:reject',
      '172.31.16.21>10.0.0.1:443:reject',
    ]);
  });

  it('should correlate only traffic between the listed IPs (repeated or comma-separated)', async () => {
    const expected = ['172.31.16.3>172.31.16.21:HP'];
    assert.deepEqual(pairs(await links('correlate?ip=172.31.16.3,172.31.16.21')), expected);
    assert.deepEqual(pairs(await links('correlate?ip=172.31.16.3&ip=172.31.16.21')), expected);
  });

  it('should render other graph formats', async () => {
    const res = await h.app.request(`/api/v1/links/rejects?ip=172.31.16.21&format=dot&${W}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/vnd.graphviz');
    assert.match(await res.text(), /digraph/);
  });

  const bad: [string, string][] = [
    ['an unknown mode', `explain?ip=172.31.16.21&${W}`],
    ['no IP', `inspect?${W}`],
    ['one IP to correlate', `correlate?ip=172.31.16.21&${W}`],
    ['a bad IP', `inspect?ip=nope&${W}`],
    ['a bad CIDR', `inspect?ip=172.31.16.21&cidr=10.0.0.0/99&${W}`],
    ['no window', 'inspect?ip=172.31.16.21'],
    ['an unknown format', `inspect?ip=172.31.16.21&format=png&${W}`],
  ];
  for (const [what, query] of bad) {
    it(`should answer 400 JSON to ${what}`, async () => {
      const res = await h.app.request(`/api/v1/links/${query}`);
      assert.equal(res.status, 400);
      assert.ok(((await res.json()) as { message: string }).message.length > 0);
    });
  }

  it('should be described in the OpenAPI document', async () => {
    const doc = (await (await h.app.request('/api/v1/openapi.json')).json()) as { paths: object };
    assert.ok('/api/v1/links/{mode}' in doc.paths);
  });
});
