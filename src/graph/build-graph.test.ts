import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph, createGraphBuilder } from './build-graph.ts';
import { basicRecords, flow, serviceRecords } from './__fixtures__/records.ts';
import { parseGrouping } from './graph-options.ts';
import { isFlowError } from '../model/errors.ts';

test('should merge records into edges keyed by direction, ports, protocol, action, account, ENI', async () => {
  const g = await buildGraph([flow(), flow({ start: 1, end: 2e9 }), flow({ action: 'REJECT' })]);
  assert.equal(g.edges.size, 2);
  const accept = [...g.edges.values()].find((e) => e.attributes.action === 'ACCEPT')!;
  assert.deepEqual(
    { ...accept.attributes },
    {
      account: '123456789010',
      eni: 'eni-abc123de',
      srcPort: 20641,
      dstPort: 80,
      protocol: 6,
      action: 'ACCEPT',
      flows: 2,
      packets: 40,
      bytes: 2000,
      start: 1,
      end: 2e9,
    },
  );
  assert.equal(g.nodes.get('172.31.16.21')?.flows, 3);
});

test('should accept batches from an async iterable (the reader shape)', async () => {
  async function* batches() {
    yield basicRecords().slice(0, 5);
    yield basicRecords().slice(5);
  }
  const g = await buildGraph(batches());
  assert.equal(g.edges.size, 11);
});

test('should merge both directions and drop ports with --undirected --ports ignore', async () => {
  const g = await buildGraph(
    [flow(), flow({ srcaddr: '172.31.16.21', dstaddr: '172.31.16.139', srcport: 80, dstport: 1 })],
    { undirected: true, ports: 'ignore' },
  );
  assert.equal(g.directed, false);
  assert.equal(g.edges.size, 1);
  assert.equal([...g.edges.values()][0]!.attributes.flows, 2);
});

test('should merge the flows of one service with --ports service (ephemeral port 0)', async () => {
  // Three clients' flows to port 80 from ephemeral ports, the replies, and a tie.
  const records = [
    flow({ srcport: 20641, dstport: 80 }),
    flow({ srcport: 51000, dstport: 80, packets: 5 }),
    flow({ srcaddr: '172.31.9.9', dstaddr: '172.31.16.21', srcport: 80, dstport: 40000 }),
    flow({ srcport: 53, dstport: 53, protocol: 17 }),
    flow({ srcport: null, dstport: 443 }),
  ];
  const kept = await buildGraph(records);
  assert.equal(kept.edges.size, 5, 'by default every port pair is its own edge');
  const g = await buildGraph(records, { ports: 'service' });
  assert.equal(g.attributes.ports, 'service');
  const ports = [...g.edges.values()].map((e) => [e.attributes.srcPort, e.attributes.dstPort]);
  assert.deepEqual(
    ports.sort(),
    [
      [0, 53],
      [0, 80],
      [80, 0],
      [null, 443],
    ].sort(),
  );
  const web = [...g.edges.values()].find((e) => e.attributes.dstPort === 80)!;
  assert.equal(web.attributes.flows, 2);
});

test('should swap ports with endpoints when canonicalising an undirected edge', async () => {
  const g = await buildGraph(
    [flow({ srcaddr: '9.9.9.9', dstaddr: '1.1.1.1', srcport: 5, dstport: 7 })],
    {
      undirected: true,
    },
  );
  const e = [...g.edges.values()][0]!;
  assert.deepEqual(
    [e.source, e.target, e.attributes.srcPort, e.attributes.dstPort],
    ['1.1.1.1', '9.9.9.9', 7, 5],
  );
});

test('should apply --min-count (threshold kept) then --top K by weight and drop orphan nodes', async () => {
  const records = [
    ...Array.from({ length: 10 }, () => flow({ srcaddr: '1.1.1.1' })),
    ...Array.from({ length: 9 }, () => flow({ srcaddr: '2.2.2.2' })),
    ...Array.from({ length: 12 }, () => flow({ srcaddr: '3.3.3.3', bytes: 1 })),
  ];
  const byFlows = await buildGraph(records, { minCount: 10 });
  assert.deepEqual([...byFlows.edges.values()].map((e) => e.source).sort(), ['1.1.1.1', '3.3.3.3']);
  assert.ok(!byFlows.nodes.has('2.2.2.2'));
  const topBytes = await buildGraph(records, { top: 1, weight: 'bytes' });
  assert.deepEqual(
    [...topBytes.edges.values()].map((e) => e.source),
    ['1.1.1.1'],
  );
});

test('should filter on action, protocol, port and --ip/--cidr focus', async () => {
  const rs = basicRecords();
  const count = async (o: Parameters<typeof buildGraph>[1]) =>
    [...(await buildGraph(rs, o)).edges.values()].reduce((n, e) => n + e.attributes.flows, 0);
  assert.equal(await count({ action: 'REJECT' }), 2);
  assert.equal(await count({ protocols: [1] }), 1);
  assert.equal(await count({ portFilter: [443] }), 3);
  assert.equal(await count({ focus: ['8.8.8.8'] }), 1);
  assert.equal(await count({ focus: ['10.0.0.0/8', '2001:db8::/32'] }), 4);
});

test('should group by CIDR (IPv4 /N, IPv6 /M) and by AWS service with pkt endpoints', async () => {
  const g = await buildGraph(basicRecords(), { grouping: parseGrouping('cidr:16,32') });
  assert.deepEqual([...g.nodes.keys()].sort(), [
    '10.0.0.0/16',
    '172.31.0.0/16',
    '2001:db8::/32',
    '8.8.0.0/16',
  ]);
  const s = await buildGraph(serviceRecords(), { endpoints: 'pkt', grouping: { kind: 'service' } });
  assert.deepEqual([...s.nodes.keys()].sort(), ['10.0.1.5', '10.0.1.6', '10.0.2.9', 'S3']);
  const plain = await buildGraph(serviceRecords());
  assert.ok(!plain.nodes.has('S3'));
});

test('should use an injected lookup for asn/country grouping and require one', async () => {
  const g = await buildGraph(basicRecords(), {
    grouping: { kind: 'asn' },
    lookups: { asn: (ip) => (ip === '8.8.8.8' ? 'AS15169 GOOGLE' : undefined) },
  });
  assert.equal(g.nodes.get('AS15169 GOOGLE')?.kind, 'asn');
  assert.ok(g.nodes.has('10.0.0.5'));
  assert.throws(
    () => createGraphBuilder({ grouping: { kind: 'country' } }),
    (e) => isFlowError(e, 'FLOW_USAGE'),
  );
});

test('should reject bad --group values with a usage error', () => {
  for (const bad of ['cidr:33', 'cidr:', 'cidr:24,129', 'subnet', '']) {
    assert.throws(
      () => parseGrouping(bad),
      (e) => isFlowError(e, 'FLOW_USAGE'),
      bad,
    );
  }
});

test('should skip records without an address on either side', async () => {
  const g = await buildGraph([flow({ srcaddr: null })]);
  assert.equal(g.edges.size, 0);
});
