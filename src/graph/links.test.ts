import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph } from './build-graph.ts';
import { flow } from './__fixtures__/records.ts';
import { linkGraphOptions, linkPredicate } from './links.ts';
import { toForceGraph } from './render/force-graph.ts';
import { isFlowError } from '../model/errors.ts';

const records = [
  flow({ srcaddr: '10.0.0.1', dstaddr: '10.0.0.2', srcport: 80, dstport: 40000 }),
  flow({ srcaddr: '10.0.0.2', dstaddr: '10.0.0.1', srcport: 40000, dstport: 80, action: 'REJECT' }),
  flow({ srcaddr: '10.0.0.1', dstaddr: '8.8.8.8', srcport: 53, dstport: 53, protocol: 17 }),
  flow({ srcaddr: '10.0.0.3', dstaddr: '10.0.0.2', srcport: 22, dstport: 22, action: 'REJECT' }),
];

test('should inspect all traffic of an IP, optionally scoped to a CIDR', () => {
  const p = linkPredicate({ mode: 'inspect', ips: ['10.0.0.1'] });
  assert.deepEqual(records.map(p), [true, true, true, false]);
  const scoped = linkPredicate({ mode: 'inspect', ips: ['10.0.0.1'], cidr: '10.0.0.0/24' });
  assert.deepEqual(records.map(scoped), [true, true, false, false]);
});

test('should keep only REJECT actions for rejects (not the log status)', () => {
  const p = linkPredicate({ mode: 'rejects', ips: ['10.0.0.2'] });
  assert.deepEqual(records.map(p), [false, true, false, true]);
});

test('should correlate traffic between the listed IPs only', () => {
  const p = linkPredicate({ mode: 'correlate', ips: ['10.0.0.1', '10.0.0.2'] });
  assert.deepEqual(records.map(p), [true, true, false, false]);
});

test('should produce flow-optics force-graph data for a query', async () => {
  const g = await buildGraph(records, linkGraphOptions({ mode: 'rejects', ips: ['10.0.0.2'] }));
  const data = toForceGraph(g);
  assert.deepEqual(
    data.nodes.map((n) => n.id),
    ['10.0.0.1', '10.0.0.2', '10.0.0.3'],
  );
  assert.deepEqual(
    data.links.map((l) => [l.source, l.target, l.label, l.type]),
    [
      ['10.0.0.2', '10.0.0.1', 'HP', 'reject'],
      ['10.0.0.3', '10.0.0.2', 22, 'reject'],
    ],
  );
});

test('should reject bad link queries with usage errors', () => {
  const bad = [
    { mode: 'inspect', ips: [] },
    { mode: 'inspect', ips: ['1.2.3.4', '5.6.7.8'] },
    { mode: 'correlate', ips: ['1.2.3.4'] },
    { mode: 'correlate', ips: ['1.2.3.4', '5.6.7.8'], cidr: '10.0.0.0/8' },
    { mode: 'inspect', ips: ['nope'] },
    { mode: 'inspect', ips: ['1.2.3.4'], cidr: '10.0.0.0/99' },
  ] as const;
  for (const q of bad) {
    assert.throws(
      () => linkPredicate(q),
      (e) => isFlowError(e, 'FLOW_USAGE'),
      JSON.stringify(q),
    );
  }
});
