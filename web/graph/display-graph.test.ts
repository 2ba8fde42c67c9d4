import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildDisplayGraph, nodeSizeRange, portLabel } from './display-graph.ts';

const edge = (source: string, target: string, dstPort: number, action = 'ACCEPT') => ({
  source,
  target,
  attributes: { srcPort: 40000, dstPort, protocol: 6, action, flows: 1, packets: 1, bytes: 10 },
});

test('should label links with the service port, HP for high ports and ICMP', () => {
  const cases: [number | null, number | null, number, string][] = [
    [40000, 443, 6, '443'],
    [22, 51000, 6, '22'],
    [40000, 8080, 6, 'HP'],
    [1024, 50000, 6, 'HP'],
    [1023, 50000, 6, '1023'],
    [0, 0, 1, 'ICMP'],
    [null, null, 6, ''],
  ];
  for (const [srcPort, dstPort, protocol, want] of cases) {
    assert.equal(portLabel({ srcPort, dstPort, protocol }), want);
  }
});

test('should merge links by pair, label and action, curve parallel ones and colour REJECT red', () => {
  const g = buildDisplayGraph(
    [],
    [edge('a', 'b', 443), edge('a', 'b', 443), edge('a', 'b', 80), edge('c', 'b', 22, 'REJECT')],
  );
  assert.equal(g.order, 3);
  assert.equal(g.size, 3);
  const ab = g.filterEdges('a', 'b', () => true).map((e) => g.getEdgeAttributes(e));
  assert.deepEqual(
    ab.map((a) => a.type),
    ['curved', 'curved'],
  );
  assert.equal(ab.find((a) => a.label === '443')?.members.length, 2);
  const cb = g.getEdgeAttributes(g.edges('c', 'b')[0]!);
  assert.equal(cb.type, 'arrow');
  assert.equal(cb.color, '#d7263d');
});

test('should draw nodes smaller as the graph grows', () => {
  assert.deepEqual(nodeSizeRange(100), [3, 15]);
  const [min, max] = nodeSizeRange(10_000);
  assert.ok(min >= 2 && min < 3, `min ${min}`);
  assert.ok(max > min && max < 7, `max ${max}`);
});
