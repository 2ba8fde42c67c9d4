import type { DataClient } from '../data/client.ts';
import type { DiffJson } from '../data/graph-json.ts';
import { diffSummaryRows, displayGraphFromDiff } from '../graph/diff-display.ts';
import type { Weight } from '../graph/display-graph.ts';
import { queryOf } from '../state/url-state.ts';
import { formatCount, h } from '../ui/dom.ts';
import { createLatestRequest } from '../ui/latest-request.ts';
import { setStatus } from '../ui/status.ts';
import { controlForm, SHAPE_CONTROLS, type ControlSpec } from './controls.ts';
import { createGraphPanel } from './graph-panel.ts';
import type { StateWriter, View } from './view.ts';

const time = (name: string, label: string): ControlSpec => ({
  name,
  label,
  attrs: { placeholder: '2026-01-01T00:00:00Z' },
});

const DIFF_WINDOWS: readonly ControlSpec[] = [
  time('previous_start', 'Before: start'),
  time('previous_stop', 'Before: stop'),
  time('next_start', 'After: start'),
  time('next_stop', 'After: stop'),
];

const TESTIDS: Readonly<Record<string, string>> = {
  'Links added': 'diff-added',
  'Links removed': 'diff-removed',
  'Links changed': 'diff-changed',
};

function summaryTable(diff: DiffJson): HTMLElement {
  const body = h('tbody');
  for (const r of diffSummaryRows(diff)) {
    body.append(
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, r.what),
        h('td', { 'data-testid': TESTIDS[r.what] }, String(r.count)),
      ),
    );
  }
  const changes = [...diff.changed].sort(
    (a, b) => Math.abs(Math.log(b.ratio ?? 1)) - Math.abs(Math.log(a.ratio ?? 1)),
  );
  const top = h('tbody');
  for (const c of changes.slice(0, 10)) {
    top.append(
      h(
        'tr',
        {},
        h('td', {}, `${c.source} → ${c.target}`),
        h('td', {}, `${formatCount(c.before.bytes)} → ${formatCount(c.after.bytes)}`),
        h('td', {}, c.ratio === null ? '—' : `×${c.ratio.toFixed(2)}`),
      ),
    );
  }
  return h(
    'div',
    { class: 'diff-summary' },
    h('table', { 'aria-label': 'Diff summary' }, h('caption', {}, 'What changed'), body),
    changes.length > 0
      ? h(
          'table',
          { 'aria-label': 'Largest changes' },
          h('caption', {}, 'Largest volume changes (bytes)'),
          h(
            'thead',
            {},
            h('tr', {}, h('th', {}, 'Link'), h('th', {}, 'Before → after'), h('th', {}, 'Ratio')),
          ),
          top,
        )
      : null,
  );
}

/** Diff view: two windows in one graph, with a summary table; linkable by URL. */
export function createDiffView(write: StateWriter): View {
  const panel = createGraphPanel();
  const status = h('div', { class: 'status', 'data-testid': 'status' });
  const summary = h('div', { 'data-testid': 'diff-summary' });
  const form = controlForm(
    [...DIFF_WINDOWS, ...SHAPE_CONTROLS.filter((c) => c.name !== 'top' && c.name !== 'min-count')],
    (v) => write(v),
    'Compare',
  );
  const legend = h(
    'p',
    { class: 'legend' },
    h('span', { class: 'swatch added' }),
    'added ',
    h('span', { class: 'swatch removed' }),
    'removed ',
    h('span', { class: 'swatch changed' }),
    'changed volume',
  );
  const element = h(
    'div',
    { class: 'view diff-view' },
    form.element,
    status,
    legend,
    summary,
    panel.element,
  );
  const request = createLatestRequest(status);
  return {
    element,
    async load(state, client: DataClient) {
      form.fill(state);
      await request.run(async (signal) => {
        panel.clear();
        summary.replaceChildren();
        if (client.mode === 'live' && !state.previous_start) {
          setStatus(status, 'empty', 'Pick the two windows to compare, then press Compare.');
          return;
        }
        setStatus(status, 'loading', 'Comparing the two windows…');
        const diff = await client.diff(queryOf(state), signal);
        const weight = (state.weight || diff.attributes.weight || 'bytes') as Weight;
        summary.replaceChildren(summaryTable(diff));
        const graph = displayGraphFromDiff(diff, weight);
        if (graph.order === 0) {
          setStatus(status, 'empty', 'Nothing changed between these windows.');
          return;
        }
        setStatus(status, 'ready');
        panel.show(graph, { weight, name: 'flowlens-diff' });
      });
    },
    destroy() {
      request.cancel();
      panel.clear();
    },
  };
}
