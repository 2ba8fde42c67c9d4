import { MultiDirectedGraph } from 'graphology';
import type { GraphEdgeAttributes, GraphJson, GraphNodeAttributes } from '../data/graph-json.ts';

export type Weight = 'flows' | 'packets' | 'bytes';

/**
 * Curved links cost a per-pixel Bézier test in the fragment shader; above this many links they
 * are drawn straight (parallel links then overlap, and the side panel lists their ports).
 */
export const MAX_CURVED = 5000;

/** Edge colours by state; REJECT is always red. */
export const EDGE_COLOURS = {
  accept: '#8a94a6',
  reject: '#d7263d',
  added: '#1a9c4a',
  removed: '#d7263d',
  changed: '#f29f05',
} as const;

export type EdgeState = keyof typeof EDGE_COLOURS;

/** Node colours by kind (IP nodes by address scope). */
const NODE_COLOURS: Readonly<Record<string, string>> = {
  private: '#3b82c4',
  public: '#e07b24',
  cidr: '#6c5fc7',
  alias: '#2a9d8f',
  service: '#b5548b',
  asn: '#8d6e3f',
  country: '#4f7f3a',
};
const DEFAULT_NODE_COLOUR = '#5c6b7a';

export interface DisplayNode {
  label: string;
  x: number;
  y: number;
  size: number;
  color: string;
  /** The node's attributes from the JSON, for the side panel. */
  data: GraphNodeAttributes;
}

export interface DisplayEdge {
  label: string;
  color: string;
  size: number;
  type: 'arrow' | 'curved';
  curvature: number;
  state: EdgeState;
  /** The JSON edges merged into this drawn link (one per account/ENI/port pair). */
  members: GraphEdgeAttributes[];
  weight: number;
}

export type DisplayGraph = MultiDirectedGraph<DisplayNode, DisplayEdge>;

/**
 * The label of a link: its service port, the lower port when below 1024, else `HP` (high ports,
 * flow-optics' convention); `ICMP` for ICMP; empty when the graph ignores ports.
 */
export function portLabel(
  a: Pick<GraphEdgeAttributes, 'srcPort' | 'dstPort' | 'protocol'>,
): string {
  if (a.protocol === 1 || a.protocol === 58) {
    return 'ICMP';
  }
  const ports = [a.dstPort, a.srcPort].filter((p): p is number => typeof p === 'number');
  if (ports.length === 0) {
    return '';
  }
  const low = Math.min(...ports);
  return low < 1024 ? String(low) : 'HP';
}

function nodeColour(a: GraphNodeAttributes): string {
  const key = a.kind === 'ip' ? (a.scope === 'public' ? 'public' : 'private') : (a.kind ?? '');
  return NODE_COLOURS[key] ?? DEFAULT_NODE_COLOUR;
}

/** Deterministic pseudo-random start positions (the same file lays out the same way). */
function seeded(i: number): [number, number] {
  const a = Math.sin(i * 12.9898) * 43758.5453;
  const b = Math.sin(i * 78.233) * 12345.6789;
  return [(a - Math.floor(a)) * 100, (b - Math.floor(b)) * 100];
}

export interface EdgeInput {
  readonly source: string;
  readonly target: string;
  readonly attributes: GraphEdgeAttributes;
  readonly state?: EdgeState;
}

const stateOf = (e: EdgeInput): EdgeState =>
  e.state ?? (e.attributes.action === 'REJECT' ? 'reject' : 'accept');

function addEdges(g: DisplayGraph, edges: Iterable<EdgeInput>, weight: Weight): void {
  const merged = new Map<string, string>();
  for (const e of edges) {
    const label = portLabel(e.attributes);
    const state = stateOf(e);
    const id = JSON.stringify([e.source, e.target, label, state]);
    const existing = merged.get(id);
    if (existing !== undefined) {
      const attrs = g.getEdgeAttributes(existing);
      attrs.members.push(e.attributes);
      attrs.weight += e.attributes[weight];
      continue;
    }
    const key = g.addEdgeWithKey(id, e.source, e.target, {
      label,
      color: EDGE_COLOURS[state],
      size: 1,
      type: 'arrow',
      curvature: 0,
      state,
      members: [e.attributes],
      weight: e.attributes[weight],
    });
    merged.set(id, key);
  }
}

/** Parallel links between one ordered pair are curved apart (0.25, 0.5, …); single ones are straight. */
export function curveParallelEdges(g: DisplayGraph): void {
  g.forEachNode((n) => {
    const byTarget = new Map<string, string[]>();
    g.forEachOutEdge(n, (edge, _a, _s, target) => {
      const list = byTarget.get(target) ?? [];
      list.push(edge);
      byTarget.set(target, list);
    });
    for (const list of byTarget.values()) {
      const reverse = n !== g.target(list[0]!) && g.hasDirectedEdge(g.target(list[0]!), n);
      if (list.length === 1 && !reverse) {
        continue;
      }
      list.forEach((edge, i) => {
        g.mergeEdgeAttributes(edge, { type: 'curved', curvature: 0.25 * (i + 1) });
      });
    }
  });
}

/**
 * Node radius range in pixels: 3–15 up to 500 nodes, smaller as the graph grows (about 2–6.5 at
 * 10,000 nodes), so a large graph is not a carpet of overlapping discs.
 */
export function nodeSizeRange(order: number): [number, number] {
  const shrink = Math.min(1, Math.sqrt(500 / Math.max(order, 1)));
  return [2 + shrink, 4 + 11 * shrink];
}

/** Link widths and node sizes scale with the chosen weight (log scale, bounded). */
function scaleSizes(g: DisplayGraph, weight: Weight): void {
  let maxEdge = 1;
  g.forEachEdge((_e, a) => (maxEdge = Math.max(maxEdge, a.weight)));
  g.forEachEdge((e, a) => {
    g.setEdgeAttribute(e, 'size', 1 + 4 * (Math.log1p(a.weight) / Math.log1p(maxEdge)));
  });
  let maxNode = 1;
  g.forEachNode((_n, a) => (maxNode = Math.max(maxNode, a.data[weight] ?? 0)));
  const [min, max] = nodeSizeRange(g.order);
  g.forEachNode((n, a) => {
    const t = Math.log1p(a.data[weight] ?? 0) / Math.log1p(maxNode);
    g.setNodeAttribute(n, 'size', min + (max - min) * t);
  });
}

function addNode(g: DisplayGraph, key: string, data: GraphNodeAttributes): void {
  const [x, y] = seeded(g.order + 1);
  g.addNode(key, { label: data.label ?? key, x, y, size: 4, color: nodeColour(data), data });
}

const EMPTY_NODE: GraphNodeAttributes = { flows: 0, packets: 0, bytes: 0 };

/** Builds the drawn graph: nodes from the JSON, links merged by pair/port label/state. */
export function buildDisplayGraph(
  nodes: Iterable<{ key: string; attributes: GraphNodeAttributes }>,
  edges: Iterable<EdgeInput>,
  weight: Weight = 'flows',
): DisplayGraph {
  const g: DisplayGraph = new MultiDirectedGraph();
  for (const n of nodes) {
    if (!g.hasNode(n.key)) {
      addNode(g, n.key, n.attributes);
    }
  }
  const list = [...edges];
  for (const e of list) {
    for (const k of [e.source, e.target]) {
      if (!g.hasNode(k)) {
        addNode(g, k, EMPTY_NODE);
      }
    }
  }
  addEdges(g, list, weight);
  if (g.size <= MAX_CURVED) {
    curveParallelEdges(g);
  }
  scaleSizes(g, weight);
  return g;
}

/** The display graph of a graph export. */
export function displayGraphFromJson(json: GraphJson, weight?: Weight): DisplayGraph {
  const w = weight ?? (json.attributes.weight as Weight | undefined) ?? 'flows';
  return buildDisplayGraph(json.nodes, json.edges, w);
}
