import type { FlowRecord } from '../../model/flow-record.ts';
import { createAliasTable } from '../alias-table.ts';
import type { GraphOptions } from '../graph-options.ts';

/** A v2 record with defaults; tests override what they care about. */
export function flow(overrides: Partial<FlowRecord> = {}): FlowRecord {
  return {
    version: 2,
    accountId: '123456789010',
    interfaceId: 'eni-abc123de',
    srcaddr: '172.31.16.139',
    dstaddr: '172.31.16.21',
    srcport: 20641,
    dstport: 80,
    protocol: 6,
    packets: 20,
    bytes: 1000,
    start: 1418530010,
    end: 1418530070,
    action: 'ACCEPT',
    logStatus: 'OK',
    ...overrides,
  };
}

/** The go-vpcflow digest vectors' traffic (5 records, one REJECT) plus a reply, ICMP and IPv6. */
export function basicRecords(): FlowRecord[] {
  const t = (n: number) => ({ start: 1418530010 + n * 1e8, end: 1418530070 + n * 1e8 });
  return [
    flow({ srcport: 20641, ...t(0) }),
    flow({ srcport: 20541, ...t(1) }),
    flow({ srcport: 20441, ...t(2) }),
    flow({ srcport: 20341, action: 'REJECT', ...t(3) }),
    flow({ srcport: 20241, ...t(4) }),
    flow({ srcaddr: '172.31.16.21', dstaddr: '172.31.16.139', srcport: 80, dstport: 20641 }),
    flow({ srcaddr: '172.31.16.21', dstaddr: '8.8.8.8', srcport: 0, dstport: 0, protocol: 1 }),
    flow({ srcaddr: '10.0.0.5', dstaddr: '172.31.16.21', srcport: 1022, dstport: 443 }),
    flow({ srcaddr: '10.0.0.5', dstaddr: '172.31.16.21', srcport: 1023, dstport: 443 }),
    flow({
      srcaddr: '10.0.0.5',
      dstaddr: '172.31.16.21',
      srcport: 22,
      dstport: 5000,
      action: 'REJECT',
    }),
    flow({
      srcaddr: '2001:db8::1',
      dstaddr: '2001:db8:0:1::7',
      srcport: 443,
      dstport: 50000,
      bytes: 7,
    }),
  ];
}

/** Aliases whose names need escaping in every format: quotes, backslashes, newlines, UTF-8. */
export const TRICKY_ALIASES = [
  { address: '172.31.16.139', name: 'web "front" \\ server' },
  { address: '172.31.16.21', name: 'db\nprimary' },
  { address: '10.0.0.0/8', name: 'intranät 東京 <&#>' },
  { address: '8.8.8.8', name: "dns {a} [b] 'c' -> ; \\n" },
] as const;

/** A v5 log through a NAT gateway: pkt-* addresses and an AWS service. */
export function serviceRecords(): FlowRecord[] {
  return [
    flow({
      srcaddr: '10.0.1.5',
      dstaddr: '10.0.2.9',
      pktSrcaddr: '10.0.1.5',
      pktDstaddr: '52.94.1.1',
      pktDstAwsService: 'S3',
      srcport: 40000,
      dstport: 443,
    }),
    flow({
      srcaddr: '10.0.2.9',
      dstaddr: '10.0.1.5',
      pktSrcaddr: '52.94.1.1',
      pktDstaddr: '10.0.1.5',
      pktSrcAwsService: 'S3',
      srcport: 443,
      dstport: 40000,
    }),
    flow({
      srcaddr: '10.0.1.6',
      dstaddr: '10.0.2.9',
      pktSrcaddr: null,
      pktDstaddr: null,
      srcport: 40001,
      dstport: 53,
      protocol: 17,
    }),
  ];
}

export interface GraphFixture {
  readonly name: string;
  records(): FlowRecord[];
  readonly options: GraphOptions;
}

/** Every fixture the renderer goldens and the Graphviz check run over. */
export const GRAPH_FIXTURES: readonly GraphFixture[] = [
  { name: 'basic', records: basicRecords, options: {} },
  {
    name: 'aliases',
    records: basicRecords,
    options: { aliases: createAliasTable(TRICKY_ALIASES) },
  },
  {
    name: 'cidr-undirected',
    records: basicRecords,
    options: {
      grouping: { kind: 'cidr', v4: 24, v6: 48 },
      undirected: true,
      ports: 'ignore',
      weight: 'bytes',
    },
  },
  {
    name: 'pseudonymized',
    records: basicRecords,
    options: {
      pseudonymizeKey: 'golden-key',
      aliases: createAliasTable([{ address: '8.8.8.8', name: 'google-dns' }]),
    },
  },
  {
    name: 'service-pkt',
    records: serviceRecords,
    options: { endpoints: 'pkt', grouping: { kind: 'service' } },
  },
  { name: 'empty', records: () => [], options: {} },
];
