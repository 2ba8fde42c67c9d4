import type { DisplayGraph, Weight } from './display-graph.ts';

export interface NodeDetails {
  readonly key: string;
  readonly kind: string;
  readonly location?: string;
  readonly asn?: string;
  readonly aws?: string;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly flows: number;
  readonly topPeers: readonly { peer: string; weight: number }[];
  readonly topPorts: readonly { port: string; weight: number }[];
}

function top<K>(m: Map<K, number>, n: number): [K, number][] {
  return [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
}

const add = <K>(m: Map<K, number>, k: K, v: number) => m.set(k, (m.get(k) ?? 0) + v);

/** What the side panel shows for one node: who it talks to, on which ports, how much. */
export function nodeDetails(g: DisplayGraph, key: string, weight: Weight, n = 5): NodeDetails {
  const a = g.getNodeAttributes(key).data;
  const peers = new Map<string, number>();
  const ports = new Map<string, number>();
  let [bytesIn, bytesOut] = [0, 0];
  g.forEachEdge(key, (_e, e, source, target) => {
    const peer = source === key ? target : source;
    for (const m of e.members) {
      add(peers, peer, m[weight]);
      add(ports, e.label || '—', m[weight]);
      if (target === key) {
        bytesIn += m.bytes;
      }
      if (source === key) {
        bytesOut += m.bytes;
      }
    }
  });
  const geo = a.geo;
  const place = geo ? [geo.city, geo.region, geo.country].filter(Boolean).join(', ') : '';
  return {
    key,
    kind: a.kind === 'ip' && a.scope ? `ip (${a.scope})` : (a.kind ?? 'unknown'),
    ...(place ? { location: place } : {}),
    ...(a.asn ? { asn: `AS${a.asn.number} ${a.asn.org}` } : {}),
    ...(a.aws ? { aws: `${a.aws.service} ${a.aws.region} (${a.aws.prefix})` } : {}),
    bytesIn,
    bytesOut,
    flows: a.flows,
    topPeers: top(peers, n).map(([peer, w]) => ({ peer, weight: w })),
    topPorts: top(ports, n).map(([port, w]) => ({ port, weight: w })),
  };
}
