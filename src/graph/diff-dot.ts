import type { Writable } from 'node:stream';
import { diffDirected, diffGraphs, type DiffSummary } from './diff.ts';
import type { FlowEdge } from './flow-graph.ts';
import type { GraphSource } from './graph-source.ts';
import { dotEdge, dotNode } from './render/dot-syntax.ts';
import { writeChunks } from './render/index.ts';

function diffEdge(e: FlowEdge, mark: 'ADDED' | 'REMOVED', directed: boolean): string {
  const extra = {
    labelLines: [`diff=${mark}`],
    attributes: [['govpc_diff', mark]] as [string, string][],
  };
  return `\t${dotEdge(e, directed, extra)}\n`;
}

/**
 * vpcflow-diffd's DOT diff (a `graph` with `--` edges when both inputs are undirected): ADDED edges (from next), then REMOVED edges (from prev), each with
 * `\ndiff=…` appended to its label and a `govpc_diff` attribute, then the nodes they touch, in
 * key order. Unchanged edges are left out.
 */
export async function writeDotDiff(
  prev: GraphSource,
  next: GraphSource,
  out: Writable,
): Promise<DiffSummary> {
  const directed = diffDirected(prev, next);
  await writeChunks([directed ? 'digraph {\n' : 'graph {\n'], out);
  const summary = await diffGraphs(prev, next, {
    added: (e) => writeChunks([diffEdge(e, 'ADDED', directed)], out),
    removed: (e) => writeChunks([diffEdge(e, 'REMOVED', directed)], out),
  });
  const nodes = summary.touchedNodes.map(([k, n]) => `\t${dotNode(k, n.label, n.kind)}\n`);
  await writeChunks([...nodes, '}\n'], out);
  return summary;
}
