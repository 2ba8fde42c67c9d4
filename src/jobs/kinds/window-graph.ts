import { buildGraph } from '../../graph/build-graph.ts';
import type { FlowGraph } from '../../graph/flow-graph.ts';
import { readFlows } from '../../sources/read-flows.ts';
import type { WindowParams } from '../job.ts';
import type { JobRunDeps } from '../job-kind.ts';
import { timeWindow } from './window-kind.ts';

/**
 * Builds the graph of one window: from the configured sources (records whose start is in it),
 * or, with a remote digester, from its digest of the window (as grapherd did; the digester
 * chose the records, so no window filter is applied again).
 */
export async function windowGraph(params: WindowParams, deps: JobRunDeps): Promise<FlowGraph> {
  const signal = deps.signal ? { signal: deps.signal } : {};
  if (deps.remote?.digest) {
    const digest = await deps.remote.digest(params, deps.signal);
    return buildGraph(readFlows([digest], signal), {});
  }
  const records = readFlows(deps.openSources(), { window: timeWindow(params), ...signal });
  return buildGraph(records, {});
}
