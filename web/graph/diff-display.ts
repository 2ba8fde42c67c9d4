import type { DiffJson } from '../data/graph-json.ts';
import {
  buildDisplayGraph,
  type DisplayGraph,
  type EdgeInput,
  type Weight,
} from './display-graph.ts';

/** The diff as one graph: added links green, removed red, changed orange and thicker. */
export function displayGraphFromDiff(diff: DiffJson, weight: Weight = 'bytes'): DisplayGraph {
  const edges: EdgeInput[] = [
    ...diff.added.map((e) => ({ ...e, state: 'added' as const })),
    ...diff.removed.map((e) => ({ ...e, state: 'removed' as const })),
    ...diff.changed.map((e) => ({
      source: e.source,
      target: e.target,
      attributes: { ...e.attributes, ...e.after },
      state: 'changed' as const,
    })),
  ];
  const g = buildDisplayGraph([], edges, weight);
  g.forEachEdge((edge, a) => {
    if (a.state === 'changed') {
      g.setEdgeAttribute(edge, 'size', a.size + 2);
    }
  });
  return g;
}

export interface DiffSummaryRow {
  readonly what: string;
  readonly count: number;
}

/** The summary table's rows (from the diff's own summary when present). */
export function diffSummaryRows(diff: DiffJson): DiffSummaryRow[] {
  return [
    { what: 'Links added', count: diff.summary?.added ?? diff.added.length },
    { what: 'Links removed', count: diff.summary?.removed ?? diff.removed.length },
    { what: 'Links changed', count: diff.summary?.changed ?? diff.changed.length },
    { what: 'Nodes added', count: diff.nodes?.added?.length ?? 0 },
    { what: 'Nodes removed', count: diff.nodes?.removed?.length ?? 0 },
    { what: 'Pairs newly rejected', count: diff.becameRejected?.length ?? 0 },
  ];
}
