import { open } from 'node:fs/promises';
import { FlowError } from '../model/errors.ts';
import type { FlowEdge, FlowGraph, NodeAttributes } from './flow-graph.ts';
import { readDotDirected, readDotEdges, readDotNodes } from './graph-source-dot.ts';
import { readJsonGraph } from './graph-source-json.ts';

/**
 * A graph that can be streamed more than once: a saved DOT/JSON file (re-read on each pass, so
 * memory stays bounded) or a graph in memory. The diff reads its inputs through this.
 */
export interface GraphSource {
  readonly name: string;
  /** `false` for undirected graphs (`graph {`, graphology type `undirected`). @default true */
  readonly directed?: boolean;
  nodes(): AsyncIterable<[string, NodeAttributes]>;
  edges(): AsyncIterable<FlowEdge>;
}

export function graphSourceFromGraph(graph: FlowGraph, name = 'graph'): GraphSource {
  return {
    name,
    directed: graph.directed,
    async *nodes() {
      yield* graph.nodes.entries();
    },
    async *edges() {
      yield* graph.edges.values();
    },
  };
}

async function firstChar(path: string): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
    const buf = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8').trimStart().charAt(0);
  } catch (e) {
    throw new FlowError('FLOW_GRAPH_INVALID', `cannot read graph ${path}`, { cause: e });
  } finally {
    await handle?.close();
  }
}

/** Opens a saved graph: JSON (starts with `{`) or DOT (grapherd or flowlens). */
export async function openGraphFile(path: string): Promise<GraphSource> {
  const c = await firstChar(path);
  if (c === '{') {
    return readJsonGraph(path);
  }
  if (c === '') {
    throw new FlowError('FLOW_GRAPH_INVALID', `graph ${path} is empty`);
  }
  let labels: Map<string, NodeAttributes> | undefined;
  const nodeMap = async () => (labels ??= await readDotNodes(path));
  return {
    name: path,
    directed: await readDotDirected(path),
    async *nodes() {
      for (const node of (await nodeMap()).values()) {
        yield [node.label, node];
      }
    },
    async *edges() {
      yield* readDotEdges(path, await nodeMap());
    },
  };
}
