import Sigma from 'sigma';
import type { Settings } from 'sigma/settings';
import {
  EdgeLineProgram,
  NodePointProgram,
  type EdgeProgramType,
  type NodeProgramType,
} from 'sigma/rendering';
import { EdgeCurvedArrowProgram } from '@sigma/edge-curve';
import type { DisplayEdge, DisplayGraph, DisplayNode } from './display-graph.ts';
import { createLayoutRunner } from './layout-runner.ts';

const DIM_NODE = '#d8dde3';
/** Edge count above which the canvas trades detail for speed. */
const LARGE = 5000;

const edgeProgram = (p: unknown) => p as EdgeProgramType<DisplayNode, DisplayEdge>;

/**
 * Sigma's default programs draw each node and link as a WebGL instance; software WebGL
 * (SwiftShader) pays a fixed cost per instance, seconds per frame at 10k nodes and 30k links. Large
 * graphs use one-vertex points for nodes and one-pixel lines for straight links instead: no
 * arrowheads or link widths, but a frame costs tens of milliseconds.
 */
function programClasses(large: boolean): Partial<Settings<DisplayNode, DisplayEdge>> {
  const curved = edgeProgram(EdgeCurvedArrowProgram);
  if (!large) {
    return { edgeProgramClasses: { curved } };
  }
  return {
    edgeProgramClasses: { curved, arrow: edgeProgram(EdgeLineProgram) },
    nodeProgramClasses: {
      circle: NodePointProgram as unknown as NodeProgramType<DisplayNode, DisplayEdge>,
    },
  };
}

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

/** What the reducers draw: the highlighted node and its neighbours, and whether links hide. */
interface ViewState {
  node: string | null;
  neighbours: Set<string>;
  /** Large graphs hide their links while the layout runs (links of a hovered node still show). */
  hideEdges: boolean;
}

/**
 * Sigma hands reducers a shallow copy of the attributes, so they change it in place: no
 * allocation per node or link on each refresh (the layout refreshes every node per step).
 */
function reducers(graph: DisplayGraph, v: ViewState) {
  return {
    nodeReducer: (node: string, data: DisplayNode) => {
      if (v.node === null || v.neighbours.has(node)) {
        return data;
      }
      if (node === v.node) {
        return Object.assign(data, { highlighted: true, zIndex: 2 });
      }
      return Object.assign(data, { color: DIM_NODE, label: '', zIndex: 0 });
    },
    edgeReducer: (edge: string, data: DisplayEdge) => {
      if (v.node === null) {
        return v.hideEdges ? Object.assign(data, { hidden: true }) : data;
      }
      const touches = graph.source(edge) === v.node || graph.target(edge) === v.node;
      return Object.assign(data, touches ? { size: data.size + 1.5, zIndex: 1 } : { hidden: true });
    },
  };
}

/** The WebGL graph (sigma.js on graphology) with a force layout that settles and can be frozen. */
export function createGraphCanvas(
  container: HTMLElement,
  graph: DisplayGraph,
  options: GraphCanvasOptions = {},
): GraphCanvas {
  const large = graph.size > LARGE;
  const h: ViewState = { node: null, neighbours: new Set(), hideEdges: large };
  const renderer = new Sigma<DisplayNode, DisplayEdge>(graph, container, {
    // Above LARGE edges, port labels show on hover only; links hide while the camera moves and
    // while the layout runs (a frame with 30k links costs half a second in software WebGL).
    renderEdgeLabels: !large,
    hideEdgesOnMove: large,
    hideLabelsOnMove: large,
    defaultEdgeType: 'arrow',
    ...programClasses(large),
    labelRenderedSizeThreshold: 7,
    edgeLabelSize: 11,
    labelSize: 12,
    zIndex: true,
    ...reducers(graph, h),
  });
  // Large graphs take the layout's positions twice a second, small ones on every frame.
  const layout = graph.size > 0 ? createLayoutRunner(graph, large ? 500 : 0) : null;
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
    } else {
      layout.stop();
    }
    if (large && h.hideEdges !== running) {
      h.hideEdges = running;
      renderer.refresh({ skipIndexation: true });
    }
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
