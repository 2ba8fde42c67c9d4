import type {
  FlowEdge,
  FlowGraph,
  GraphAttributes,
  NodeAttributes,
} from '../../graph/flow-graph.ts';
import { FlowError } from '../../model/errors.ts';

/** Suffix of the stored graph model, from which any renderer format can be produced. */
export const GRAPH_MODEL_SUFFIX = '.graph.json';

interface Snapshot {
  readonly attributes: GraphAttributes;
  readonly directed: boolean;
  readonly nodes: [string, NodeAttributes][];
  readonly edges: FlowEdge[];
}

/** Serialises a graph model losslessly (Maps as entry arrays). */
export function graphToSnapshot(graph: FlowGraph): Uint8Array {
  const s: Snapshot = {
    attributes: graph.attributes,
    directed: graph.directed,
    nodes: [...graph.nodes.entries()],
    edges: [...graph.edges.values()],
  };
  return Buffer.from(JSON.stringify(s));
}

export function graphFromSnapshot(body: Uint8Array): FlowGraph {
  try {
    const s = JSON.parse(Buffer.from(body).toString('utf8')) as Snapshot;
    return {
      attributes: s.attributes,
      directed: s.directed,
      nodes: new Map(s.nodes),
      edges: new Map(s.edges.map((e) => [e.key, e])),
    };
  } catch (e) {
    throw new FlowError('FLOW_GRAPH_INVALID', 'stored graph model is unreadable', { cause: e });
  }
}
