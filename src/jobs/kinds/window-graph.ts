import { buildGraph } from '../../graph/build-graph.ts';
import type { FlowGraph } from '../../graph/flow-graph.ts';
import { readFlows } from '../../sources/read-flows.ts';
import type { WindowParams } from '../job.ts';
import type { JobRunDeps } from '../job-kind.ts';
import { timeWindow } from './window-kind.ts';

/** Builds the graph of one window from the configured sources (records whose start is in it). */
export async function windowGraph(params: WindowParams, deps: JobRunDeps): Promise<FlowGraph> {
  const records = readFlows(deps.openSources(), {
    window: timeWindow(params),
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  return buildGraph(records, {});
}
