import type { Writable } from 'node:stream';
import { diffGraphs, type DiffSummary } from './diff.ts';
import type { FlowEdge } from './flow-graph.ts';
import type { GraphSource } from './graph-source.ts';
import { dotEdge, dotNode } from './render/dot-syntax.ts';
import { writeChunks } from './render/index.ts';

function diffEdge(e: FlowEdge, mark: 'ADDED' | 'REMOVED'): string {
  return `\t${dotEdge(e, true, { labelLines: [`diff=${mark}`], attributes: [['govpc_diff', mark]] })}\n`;
}

/**
 * vpcflow-diffd's DOT diff: ADDED edges (from next), then REMOVED edges (from prev), each with
 * `\ndiff=…` appended to its label and a `govpc_diff` attribute, then the nodes they touch, in
 * key order. Unchanged edges are left out.
 */
export async function writeDotDiff(
  prev: GraphSource,
  next: GraphSource,
  out: Writable,
): Promise<DiffSummary> {
  await writeChunks(['digraph {\n'], out);
  const summary = await diffGraphs(prev, next, {
    added: (e) => writeChunks([diffEdge(e, 'ADDED')], out),
    removed: (e) => writeChunks([diffEdge(e, 'REMOVED')], out),
  });
  const nodes = summary.touchedNodes.map(([k, n]) => `\t${dotNode(k, n.label, n.kind)}\n`);
  await writeChunks([...nodes, '}\n'], out);
  return summary;
}
