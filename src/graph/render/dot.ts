import { sortedEdges, sortedNodes, type FlowGraph } from '../flow-graph.ts';
import { dotEdge, dotNode } from './dot-syntax.ts';
import type { Renderer } from './renderer.ts';

/**
 * vpcflow-grapherd compatible DOT: `digraph {`, one tab-indented statement per line, edges
 * first (with grapherd's `govpc_*` attributes, colour and label), then nodes. Undirected graphs
 * use `graph {` and `--`.
 */
function* renderDot(graph: FlowGraph): Iterable<string> {
  yield graph.directed ? 'digraph {\n' : 'graph {\n';
  for (const edge of sortedEdges(graph)) {
    yield `\t${dotEdge(edge, graph.directed)}\n`;
  }
  for (const [key, node] of sortedNodes(graph)) {
    yield `\t${dotNode(key, node.label, node.kind)}\n`;
  }
  yield '}\n';
}

export const dotRenderer = {
  name: 'dot',
  mediaType: 'text/vnd.graphviz',
  extension: 'dot',
  render: renderDot,
} as const satisfies Renderer;
