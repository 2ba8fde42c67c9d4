import type { DataClient } from '../data/client.ts';
import { displayGraphFromJson } from '../graph/display-graph.ts';
import { queryOf } from '../state/url-state.ts';
import { h } from '../ui/dom.ts';
import { createLatestRequest } from '../ui/latest-request.ts';
import { setStatus } from '../ui/status.ts';
import { controlForm, type ControlSpec } from './controls.ts';
import { createGraphPanel } from './graph-panel.ts';
import type { StateWriter, View } from './view.ts';

const LINK_CONTROLS: readonly ControlSpec[] = [
  {
    name: 'mode',
    label: 'Question',
    options: [
      ['correlate', 'Between these IPs'],
      ['inspect', 'Everything to/from one IP'],
      ['rejects', 'Rejected traffic of one IP'],
    ],
  },
  { name: 'ips', label: 'IPs', attrs: { placeholder: '10.0.1.5,10.0.2.7', required: 'true' } },
  { name: 'cidr', label: 'Within CIDR (optional)', attrs: { placeholder: '10.0.0.0/16' } },
  { name: 'days', label: 'Days', attrs: { type: 'number', min: '0', placeholder: 'all' } },
];

/** Links view (flow-optics' question): a set of IPs, an optional CIDR, N days → their links. */
export function createLinksView(write: StateWriter): View {
  const panel = createGraphPanel();
  const status = h('div', { class: 'status', 'data-testid': 'status' });
  const form = controlForm(LINK_CONTROLS, (v) => write(v), 'Find links');
  const element = h('div', { class: 'view links-view' }, form.element, status, panel.element);
  const request = createLatestRequest(status);
  return {
    element,
    async load(state, client: DataClient) {
      form.fill(state);
      await request.run(async (signal) => {
        panel.clear();
        if (client.mode === 'live' && !state.ips) {
          setStatus(
            status,
            'empty',
            'Enter one or more IPs (comma-separated) and press Find links.',
          );
          return;
        }
        setStatus(status, 'loading', 'Finding links…');
        const json = await client.links(queryOf(state), signal);
        const graph = displayGraphFromJson(json);
        if (graph.size === 0) {
          setStatus(status, 'empty', 'No links between these addresses in this window.');
          return;
        }
        setStatus(status, 'ready');
        panel.show(graph, {
          weight: 'flows',
          name: String(json.attributes.name ?? 'flowlens-links'),
        });
      });
    },
    destroy() {
      request.cancel();
      panel.clear();
    },
  };
}
