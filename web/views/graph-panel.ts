import type { Attribution } from '../data/graph-json.ts';
import type { DisplayGraph, Weight } from '../graph/display-graph.ts';
import { toDot, toGraphJson, toPng, toSvg } from '../graph/export-graph.ts';
import { createGraphCanvas, type GraphCanvas } from '../graph/graph-canvas.ts';
import { nodeDetails } from '../graph/node-details.ts';
import { download, formatCount, h } from '../ui/dom.ts';

export interface GraphPanel {
  readonly element: HTMLElement;
  show(
    graph: DisplayGraph,
    info: { weight: Weight; name: string; attribution?: readonly Attribution[] },
  ): void;
  clear(): void;
  readonly canvas: () => GraphCanvas | null;
}

declare global {
  interface Window {
    /** Test and bench hook: the graph on screen. */
    flowlensCanvas?: GraphCanvas | null;
  }
}

function detailsList(rows: readonly [string, string | undefined][]): HTMLElement {
  const dl = h('dl');
  for (const [k, v] of rows) {
    if (v !== undefined) {
      dl.append(h('dt', {}, k), h('dd', {}, v));
    }
  }
  return dl;
}

function renderDetails(el: HTMLElement, g: DisplayGraph, key: string | null, weight: Weight): void {
  el.replaceChildren();
  if (key === null || !g.hasNode(key)) {
    el.append(h('p', { class: 'muted' }, 'Click a node to see its details.'));
    return;
  }
  const d = nodeDetails(g, key, weight);
  el.append(
    h('h2', { 'data-testid': 'details-key' }, d.key),
    detailsList([
      ['Kind', d.kind],
      ['Location', d.location],
      ['ASN', d.asn],
      ['AWS', d.aws],
      ['Flows', formatCount(d.flows)],
      ['Bytes in', formatCount(d.bytesIn)],
      ['Bytes out', formatCount(d.bytesOut)],
    ]),
    h('h3', {}, `Top peers (${weight})`),
    h('ol', {}, ...d.topPeers.map((p) => h('li', {}, `${p.peer} — ${formatCount(p.weight)}`))),
    h('h3', {}, 'Top ports'),
    h('ol', {}, ...d.topPorts.map((p) => h('li', {}, `${p.port} — ${formatCount(p.weight)}`))),
  );
}

function attributionLine(list: readonly Attribution[] | undefined): HTMLElement | null {
  if (!list || list.length === 0) {
    return null;
  }
  const links = list.flatMap((a, i) => [
    i > 0 ? ' · ' : '',
    h('a', { href: a.url, rel: 'noreferrer' }, a.text),
    ` (${a.license})`,
  ]);
  return h('p', { class: 'attribution', 'data-testid': 'attribution' }, ...links);
}

/** Canvas, counts, search, layout freeze, exports and the node side panel; shared by the graph views. */
export function createGraphPanel(): GraphPanel {
  let canvas: GraphCanvas | null = null;
  let weight: Weight = 'flows';
  let name = 'flowlens';
  const stage = h('div', { class: 'stage', 'data-testid': 'graph-stage' });
  const details = h('aside', { class: 'details', 'aria-label': 'Node details' });
  const counts = h('span', { class: 'counts' });
  const highlight = h('span', {
    class: 'highlight',
    'data-testid': 'highlight',
    'aria-live': 'polite',
  });
  const footer = h('div', { class: 'panel-footer' });
  const search = h('input', {
    type: 'search',
    placeholder: 'Find a node…',
    'aria-label': 'Find a node',
    list: 'node-keys',
  });
  const keys = h('datalist', { id: 'node-keys' });
  const freeze = h('button', { type: 'button', 'aria-pressed': 'false' }, 'Freeze layout');
  const select = (key: string | null) =>
    canvas && renderDetails(details, canvas.graph, key, weight);
  search.addEventListener('change', () => {
    const key = search.value.trim();
    if (canvas?.graph.hasNode(key)) {
      canvas.focus(key);
      canvas.highlight(key);
      select(key);
    }
  });
  freeze.addEventListener('click', () => {
    if (!canvas) {
      return;
    }
    canvas.setLayoutRunning(!canvas.isLayoutRunning());
    syncFreeze();
  });
  const syncFreeze = () => {
    const running = canvas?.isLayoutRunning() ?? false;
    freeze.textContent = running ? 'Freeze layout' : 'Run layout';
    freeze.setAttribute('aria-pressed', String(!running));
  };
  const exportButton = (label: string, run: (g: DisplayGraph) => Promise<Blob> | Blob) =>
    h(
      'button',
      {
        type: 'button',
        onclick: async () =>
          canvas && download(`${name}.${label.toLowerCase()}`, await run(canvas.graph)),
      },
      label,
    );
  const toolbar = h(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': 'Graph tools' },
    search,
    keys,
    freeze,
    h('span', { class: 'export-label' }, 'Export:'),
    exportButton('PNG', (g) => toPng(g)),
    exportButton('SVG', (g) => new Blob([toSvg(g)], { type: 'image/svg+xml' })),
    exportButton('DOT', (g) => new Blob([toDot(g)], { type: 'text/vnd.graphviz' })),
    exportButton(
      'JSON',
      (g) => new Blob([JSON.stringify(toGraphJson(g, { name }))], { type: 'application/json' }),
    ),
    counts,
    highlight,
  );
  const element = h(
    'section',
    { class: 'graph-panel' },
    toolbar,
    h('div', { class: 'graph-body' }, stage, details),
    footer,
  );
  const clear = () => {
    canvas?.destroy();
    canvas = null;
    window.flowlensCanvas = null;
    stage.replaceChildren();
    counts.replaceChildren();
  };
  return {
    element,
    canvas: () => canvas,
    clear,
    show(graph, info) {
      clear();
      weight = info.weight;
      name = info.name.replace(/[^\w.-]+/g, '-');
      counts.replaceChildren(
        h('span', { 'data-testid': 'node-count' }, String(graph.order)),
        ' nodes · ',
        h('span', { 'data-testid': 'link-count' }, String(graph.size)),
        ' links',
      );
      keys.replaceChildren(...graph.mapNodes((k) => h('option', { value: k })).slice(0, 5000));
      canvas = createGraphCanvas(stage, graph, {
        onSelect: select,
        onHighlight: (node, n) => {
          highlight.textContent = node === null ? '' : `${node}: ${n} neighbours`;
          highlight.dataset.node = node ?? '';
          highlight.dataset.neighbours = String(n);
        },
      });
      window.flowlensCanvas = canvas;
      syncFreeze();
      setTimeout(syncFreeze, 13_000);
      select(null);
      footer.replaceChildren(attributionLine(info.attribution) ?? '');
    },
  };
}
