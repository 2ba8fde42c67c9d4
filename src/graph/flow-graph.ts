import type { NodeKind } from './endpoint-resolver.ts';

/** Volumes an edge (or node) carries: flow records, packets and bytes. */
export interface Volume {
  flows: number;
  packets: number;
  bytes: number;
}

export interface NodeAttributes extends Volume {
  /** Text to show: the IP, CIDR, alias, service, ASN or country (same as the key). */
  label: string;
  kind: NodeKind;
}

/** Edge identity fields + volumes. `null` = not known (`-` in the log, or `--ports ignore`). */
export interface EdgeAttributes extends Volume {
  account: string | null;
  eni: string | null;
  srcPort: number | null;
  dstPort: number | null;
  protocol: number | null;
  /** `ACCEPT` / `REJECT` (upper case) or `null`. */
  action: string | null;
  /** Earliest record start and latest record end (Unix seconds). */
  start: number | null;
  end: number | null;
}

export interface FlowEdge {
  readonly key: string;
  readonly source: string;
  readonly target: string;
  readonly attributes: EdgeAttributes;
}

export interface GraphAttributes {
  generator: 'flowlens';
  /** Version of the JSON contract (docs/graph-json.md). */
  schema: 1;
  name?: string;
  grouping: string;
  endpoints: 'addr' | 'pkt';
  ports: 'keep' | 'service' | 'ignore';
  weight: 'flows' | 'packets' | 'bytes';
  pseudonymized: boolean;
  window?: { start: number; stop: number };
  [extra: string]: unknown;
}

/** The one graph model every renderer and the diff read. Nodes and edges are keyed by string. */
export interface FlowGraph {
  readonly attributes: GraphAttributes;
  readonly directed: boolean;
  readonly nodes: Map<string, NodeAttributes>;
  readonly edges: Map<string, FlowEdge>;
}

export type EdgeIdentity = Omit<EdgeAttributes, keyof Volume | 'start' | 'end'>;

/** Stable edge key: the JSON array of its identity, so any node text round-trips. */
export function edgeKey(source: string, target: string, id: EdgeIdentity): string {
  return JSON.stringify([
    source,
    target,
    id.account,
    id.eni,
    id.srcPort,
    id.dstPort,
    id.protocol,
    id.action,
  ]);
}

/**
 * An edge as a graph stores it. Undirected graphs keep each pair smaller key first, ports
 * swapped with it (as the builder does), so `a -- b` read from a file equals `b -- a`.
 */
export function storedEdge(
  source: string,
  target: string,
  a: EdgeAttributes,
  directed: boolean,
): FlowEdge {
  if (directed || source <= target) {
    return { key: edgeKey(source, target, a), source, target, attributes: a };
  }
  const swapped = { ...a, srcPort: a.dstPort, dstPort: a.srcPort };
  return {
    key: edgeKey(target, source, swapped),
    source: target,
    target: source,
    attributes: swapped,
  };
}

export function createFlowGraph(attributes: GraphAttributes, directed = true): FlowGraph {
  return { attributes, directed, nodes: new Map(), edges: new Map() };
}

function minOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

function maxOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/** Adds volumes and widens the time span of `into` by `add` (merge semantics). */
export function mergeEdgeAttributes(into: EdgeAttributes, add: EdgeAttributes): void {
  into.flows += add.flows;
  into.packets += add.packets;
  into.bytes += add.bytes;
  into.start = minOf(into.start, add.start);
  into.end = maxOf(into.end, add.end);
}

/** Merges an edge into the graph (creating its endpoints); returns the stored edge. */
export function mergeEdge(
  graph: FlowGraph,
  source: { key: string; kind: NodeKind },
  target: { key: string; kind: NodeKind },
  attributes: EdgeAttributes,
): FlowEdge {
  const key = edgeKey(source.key, target.key, attributes);
  const existing = graph.edges.get(key);
  if (existing) {
    mergeEdgeAttributes(existing.attributes, attributes);
    return existing;
  }
  for (const n of [source, target]) {
    if (!graph.nodes.has(n.key)) {
      graph.nodes.set(n.key, { label: n.key, kind: n.kind, flows: 0, packets: 0, bytes: 0 });
    }
  }
  const edge = { key, source: source.key, target: target.key, attributes: { ...attributes } };
  graph.edges.set(key, edge);
  return edge;
}

/** Recomputes node volumes from the edges and drops nodes no edge touches. */
export function settleNodes(graph: FlowGraph): void {
  const touched = new Set<string>();
  for (const node of graph.nodes.values()) {
    node.flows = 0;
    node.packets = 0;
    node.bytes = 0;
  }
  for (const e of graph.edges.values()) {
    for (const k of e.source === e.target ? [e.source] : [e.source, e.target]) {
      const n = graph.nodes.get(k);
      if (n) {
        n.flows += e.attributes.flows;
        n.packets += e.attributes.packets;
        n.bytes += e.attributes.bytes;
        touched.add(k);
      }
    }
  }
  for (const k of [...graph.nodes.keys()]) {
    if (!touched.has(k)) {
      graph.nodes.delete(k);
    }
  }
}

function byKey<T>(entries: Iterable<[string, T]>): [string, T][] {
  return [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Nodes and edges in key order: every renderer's output is deterministic. */
export function sortedNodes(graph: FlowGraph): [string, NodeAttributes][] {
  return byKey(graph.nodes.entries());
}

export function sortedEdges(graph: FlowGraph): FlowEdge[] {
  return byKey(graph.edges.entries()).map(([, e]) => e);
}
