import { sortedEdges, sortedNodes, type FlowGraph } from '../flow-graph.ts';
import type { Renderer } from './renderer.ts';

export interface ForceGraphLink {
  source: string;
  target: string;
  label: number | 'HP' | '-';
  curvature: number;
  type?: 'reject';
}

export interface ForceGraphData {
  nodes: { id: string; group: number }[];
  links: ForceGraphLink[];
}

/** flow-optics labelling: the source port, `HP` from 1023 up; port 0 drops the link. */
export function portLabel(port: number | null): ForceGraphLink['label'] | undefined {
  if (port === null) {
    return '-';
  }
  if (port === 0) {
    return undefined;
  }
  return port >= 1023 ? 'HP' : port;
}

function linksOf(graph: FlowGraph): ForceGraphLink[] {
  const byLink = new Map<string, ForceGraphLink>();
  const labelsPerPair = new Map<string, number>();
  for (const e of sortedEdges(graph)) {
    const label = portLabel(e.attributes.srcPort);
    if (label === undefined) {
      continue;
    }
    const id = JSON.stringify([e.source, e.target, label]);
    let link = byLink.get(id);
    if (!link) {
      const pair = JSON.stringify([e.source, e.target]);
      const extra = labelsPerPair.get(pair) ?? 0;
      labelsPerPair.set(pair, extra + 1);
      link = { source: e.source, target: e.target, label, curvature: Math.round(extra * 3) / 10 };
      byLink.set(id, link);
    }
    if (e.attributes.action === 'REJECT') {
      link.type = 'reject';
    }
  }
  return [...byLink.values()];
}

/**
 * flow-optics' `data.json` for react-force-graph: `{nodes:[{id,group}], links:[{source,
 * target,label,curvature[,type]}]}`. One group per node; parallel links between the same
 * ordered pair curve by 0.3 more each.
 */
export function toForceGraph(graph: FlowGraph): ForceGraphData {
  const nodes = sortedNodes(graph).map(([id], i) => ({ id, group: i + 1 }));
  return { nodes, links: linksOf(graph) };
}

export const forceGraphRenderer = {
  name: 'force-graph',
  mediaType: 'application/json',
  extension: 'json',
  render: (graph: FlowGraph) => [`${JSON.stringify(toForceGraph(graph), null, 2)}\n`],
} as const satisfies Renderer;
