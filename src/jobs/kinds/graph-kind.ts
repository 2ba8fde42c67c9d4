import { renderToString } from '../../graph/render/index.ts';
import { formatRfc3339 } from '../../model/time.ts';
import type { WindowParams } from '../job.ts';
import type { JobKind } from '../job-kind.ts';
import { GRAPH_MODEL_SUFFIX, graphToSnapshot } from './graph-snapshot.ts';
import { windowGraph } from './window-graph.ts';
import { kindNamespace, windowKindParts } from './window-kind.ts';

/**
 * vpcflow-grapherd's job: the DOT graph of a window (`<id>.dot`), plus the graph model
 * (`<id>.graph.json`) so the native API can render it in any format.
 */
export const graphKind: JobKind<WindowParams> = {
  name: 'graph',
  namespace: kindNamespace('graph'),
  suffix: '.dot',
  ...windowKindParts(),
  // Upstream printed the start twice (Q10); this prints start and stop.
  existsMessage: (_id, p) =>
    `graph for the time ${formatRfc3339(p.start.seconds)} to ${formatRfc3339(p.stop.seconds)} already exists`,
  // Upstream said "digest" here (Q10).
  inProgressMessage: (id) => `graph ${id} is being created`,
  async run(params, deps) {
    const graph = await windowGraph(params, deps);
    const dot = await renderToString(graph, 'dot');
    return {
      body: Buffer.from(dot),
      artefacts: [{ suffix: GRAPH_MODEL_SUFFIX, body: graphToSnapshot(graph) }],
      summary: { nodes: graph.nodes.size, edges: graph.edges.size },
    };
  },
};
