import Sigma from 'sigma';
import type { EdgeProgramType } from 'sigma/rendering';
import { EdgeCurvedArrowProgram } from '@sigma/edge-curve';
import FA2Layout from 'graphology-layout-forceatlas2/worker';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import type { DisplayEdge, DisplayGraph, DisplayNode } from './display-graph.ts';

const DIM_NODE = '#d8dde3';
/** Edge count above which the canvas trades detail for speed. */
const LARGE = 5000;

export interface GraphCanvas {
  readonly graph: DisplayGraph;
  readonly renderer: Sigma<DisplayNode, DisplayEdge>;
  /** Runs or freezes the force layout. */
  setLayoutRunning(running: boolean): void;
  isLayoutRunning(): boolean;
  /** Highlights a node and its neighbours (as hovering does); `null` clears. */
  highlight(node: string | null): void;
  /** Centres the camera on a node. */
  focus(node: string): void;
  /** Screen position of a node inside the canvas element (tests, search). */
  nodeViewport(node: string): { x: number; y: number };
  destroy(): void;
}

export interface GraphCanvasOptions {
  onSelect?: (node: string | null) => void;
  /** Called whenever the highlight changes, with the highlighted node and neighbour count. */
  onHighlight?: (node: string | null, neighbours: number) => void;
  /** Layout time budget before it freezes by itself (ms). */
  settleMs?: number;
}

interface Highlight {
  node: string | null;
  neighbours: Set<string>;
}

function reducers(graph: DisplayGraph, h: Highlight) {
  return {
    nodeReducer: (node: string, data: DisplayNode) => {
      if (h.node === null || node === h.node || h.neighbours.has(node)) {
        return node === h.node ? { ...data, highlighted: true, zIndex: 2 } : data;
      }
      return { ...data, color: DIM_NODE, label: '', zIndex: 0 };
    },
    edgeReducer: (edge: string, data: DisplayEdge) => {
      if (h.node === null) {
        return data;
      }
      const touches = graph.source(edge) === h.node || graph.target(edge) === h.node;
      return touches ? { ...data, size: data.size + 1.5, zIndex: 1 } : { ...data, hidden: true };
    },
  };
}

function startLayout(graph: DisplayGraph): FA2Layout {
  const settings = { ...forceAtlas2.inferSettings(graph), slowDown: 5 };
  return new FA2Layout(graph, { settings });
}

/** The WebGL graph (sigma.js on graphology) with a force layout that settles and can be frozen. */
export function createGraphCanvas(
  container: HTMLElement,
  graph: DisplayGraph,
  options: GraphCanvasOptions = {},
): GraphCanvas {
  const h: Highlight = { node: null, neighbours: new Set() };
  const renderer = new Sigma<DisplayNode, DisplayEdge>(graph, container, {
    // Above LARGE edges, port labels show on hover only and edges hide while the camera moves.
    renderEdgeLabels: graph.size <= LARGE,
    hideEdgesOnMove: graph.size > LARGE,
    hideLabelsOnMove: graph.size > LARGE,
    defaultEdgeType: 'arrow',
    edgeProgramClasses: {
      curved: EdgeCurvedArrowProgram as unknown as EdgeProgramType<DisplayNode, DisplayEdge>,
    },
    labelRenderedSizeThreshold: 7,
    edgeLabelSize: 11,
    labelSize: 12,
    zIndex: true,
    ...reducers(graph, h),
  });
  const layout = graph.size > 0 ? startLayout(graph) : null;
  const settle = options.settleMs ?? Math.min(12_000, 2_500 + graph.order * 2);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const setLayoutRunning = (running: boolean) => {
    clearTimeout(timer);
    if (!layout) {
      return;
    }
    if (running) {
      layout.start();
      timer = setTimeout(() => setLayoutRunning(false), settle);
      return;
    }
    layout.stop();
  };
  const highlight = (node: string | null) => {
    h.node = node !== null && graph.hasNode(node) ? node : null;
    h.neighbours = new Set(h.node === null ? [] : graph.neighbors(h.node));
    container.dataset.highlighted = h.node ?? '';
    container.dataset.neighbours = String(h.neighbours.size);
    options.onHighlight?.(h.node, h.neighbours.size);
    renderer.refresh({ skipIndexation: true });
  };
  // Hovering while dragging the stage would re-render the whole graph on every node crossed.
  let dragging = false;
  const captor = renderer.getMouseCaptor();
  captor.on('mousedown', () => (dragging = true));
  captor.on('mouseup', () => (dragging = false));
  renderer.on('enterNode', ({ node }) => !dragging && highlight(node));
  renderer.on('leaveNode', () => !dragging && h.node !== null && highlight(null));
  renderer.on('clickNode', ({ node }) => options.onSelect?.(node));
  renderer.on('clickStage', () => options.onSelect?.(null));
  setLayoutRunning(true);
  return {
    graph,
    renderer,
    setLayoutRunning,
    isLayoutRunning: () => layout?.isRunning() ?? false,
    highlight,
    focus(node) {
      const d = renderer.getNodeDisplayData(node);
      if (d) {
        void renderer.getCamera().animate({ x: d.x, y: d.y, ratio: 0.3 }, { duration: 400 });
      }
    },
    nodeViewport(node) {
      return renderer.graphToViewport(graph.getNodeAttributes(node));
    },
    destroy() {
      clearTimeout(timer);
      layout?.kill();
      renderer.kill();
    },
  };
}
