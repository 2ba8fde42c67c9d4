import { sortedEdges, sortedNodes, type FlowGraph } from '../flow-graph.ts';
import type { Renderer } from './renderer.ts';

/** graphology's serialization options for our graphs. */
export function graphOptions(graph: FlowGraph): Record<string, unknown> {
  return { type: graph.directed ? 'directed' : 'undirected', multi: true, allowSelfLoops: true };
}

/**
 * A graphology serialized graph (docs/graph-json.md). One node or edge per line, so a saved
 * graph can be read back as a stream (see `read-graph.ts`); it is still one JSON document.
 */
function* renderJson(graph: FlowGraph): Iterable<string> {
  yield `{"attributes":${JSON.stringify(graph.attributes)},`;
  yield `"options":${JSON.stringify(graphOptions(graph))},\n"nodes":[`;
  let sep = '\n';
  for (const [key, attributes] of sortedNodes(graph)) {
    yield `${sep}${JSON.stringify({ key, attributes })}`;
    sep = ',\n';
  }
  yield '\n],\n"edges":[';
  sep = '\n';
  for (const e of sortedEdges(graph)) {
    yield `${sep}${JSON.stringify({ key: e.key, source: e.source, target: e.target, attributes: e.attributes })}`;
    sep = ',\n';
  }
  yield '\n]}\n';
}

export const jsonRenderer = {
  name: 'json',
  mediaType: 'application/json',
  extension: 'json',
  render: renderJson,
} as const satisfies Renderer;
