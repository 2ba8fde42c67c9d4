import type { DataClient } from '../data/client.ts';
import { displayGraphFromJson, type Weight } from '../graph/display-graph.ts';
import { queryOf } from '../state/url-state.ts';
import { h } from '../ui/dom.ts';
import { createLatestRequest } from '../ui/latest-request.ts';
import { setStatus } from '../ui/status.ts';
import { controlForm, SHAPE_CONTROLS, WINDOW_CONTROLS } from './controls.ts';
import { createGraphPanel } from './graph-panel.ts';
import type { StateWriter, View } from './view.ts';

/** Graph explorer: window, grouping, filters, weight, min-count and top-K → the WebGL graph. */
export function createGraphView(write: StateWriter): View {
  const panel = createGraphPanel();
  const status = h('div', { class: 'status', 'data-testid': 'status' });
  const form = controlForm([...WINDOW_CONTROLS, ...SHAPE_CONTROLS], (v) => write(v));
  const element = h('div', { class: 'view graph-view' }, form.element, status, panel.element);
  const request = createLatestRequest(status);
  return {
    element,
    async load(state, client: DataClient) {
      form.fill(state);
      await request.run(async (signal) => {
        panel.clear();
        setStatus(status, 'loading', `Loading the graph from ${client.source}…`);
        const json = await client.graph(queryOf(state), signal);
        const weight = (state.weight || json.attributes.weight || 'flows') as Weight;
        const graph = displayGraphFromJson(json, weight);
        if (graph.order === 0) {
          setStatus(
            status,
            'empty',
            'No flows in this window. Widen the window or relax the filters.',
          );
          return;
        }
        setStatus(status, 'ready');
        panel.show(graph, {
          weight,
          name: String(json.attributes.name ?? 'flowlens-graph'),
          ...(json.attributes.attribution ? { attribution: json.attributes.attribution } : {}),
        });
      });
    },
    destroy() {
      request.cancel();
      panel.clear();
    },
  };
}
