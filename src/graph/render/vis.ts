import { sortedEdges, sortedNodes, type FlowGraph } from '../flow-graph.ts';
import type { Renderer } from './renderer.ts';

export interface VisData {
  nodes: string[];
  edges: { src: string; dst: string; count: number }[];
}

/**
 * The blog's vis-network `graph.json`: `{nodes:[name…], edges:[{src,dst,count}]}`. Parallel
 * edges (ports, accounts…) merge per node pair; `count` is the graph's weight (flows by
 * default, as in the blog). Undirected graphs put the greater name in `src`, as the blog did.
 * Edges are sorted by count, heaviest first.
 */
export function toVis(graph: FlowGraph): VisData {
  const weight = graph.attributes.weight;
  const pairs = new Map<string, { src: string; dst: string; count: number }>();
  for (const e of sortedEdges(graph)) {
    const [src, dst] =
      !graph.directed && e.source < e.target ? [e.target, e.source] : [e.source, e.target];
    const id = JSON.stringify([src, dst]);
    const pair = pairs.get(id) ?? { src, dst, count: 0 };
    pair.count += e.attributes[weight];
    pairs.set(id, pair);
  }
  const edges = [...pairs.values()].sort((a, b) => b.count - a.count);
  return { nodes: sortedNodes(graph).map(([k]) => k), edges };
}

export const visRenderer = {
  name: 'vis',
  mediaType: 'application/json',
  extension: 'json',
  render: (graph: FlowGraph) => [`${JSON.stringify(toVis(graph), null, 2)}\n`],
} as const satisfies Renderer;
