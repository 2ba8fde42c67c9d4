import { MultiDirectedGraph } from 'graphology';
import FA2Layout from 'graphology-layout-forceatlas2/worker';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import type { DisplayGraph } from './display-graph.ts';

export interface LayoutRunner {
  start(): void;
  stop(): void;
  isRunning(): boolean;
  kill(): void;
}

/** Nodes and weighted links only: what ForceAtlas2 reads and writes. */
function positionsGraph(graph: DisplayGraph): MultiDirectedGraph {
  const g = new MultiDirectedGraph();
  graph.forEachNode((n, a) => g.addNode(n, { x: a.x, y: a.y }));
  graph.forEachEdge((e, a, s, t) => g.addEdgeWithKey(e, s, t, { weight: a.weight }));
  return g;
}

/**
 * ForceAtlas2 in a Web Worker on a copy of the graph; the drawn graph gets the new positions at
 * most once per animation frame and once per `syncMs`. Every position update makes sigma
 * re-index the whole graph, so a large graph updated on each layout step would leave no time for
 * panning or hovering.
 */
export function createLayoutRunner(graph: DisplayGraph, syncMs: number): LayoutRunner {
  const shadow = positionsGraph(graph);
  const settings = { ...forceAtlas2.inferSettings(shadow), slowDown: 5 };
  const layout = new FA2Layout(shadow, { settings });
  let frame = 0;
  let last = 0;
  const sync = () => {
    graph.updateEachNodeAttributes(
      (n, a) => {
        const p = shadow.getNodeAttributes(n);
        a.x = p.x as number;
        a.y = p.y as number;
        return a;
      },
      { attributes: ['x', 'y'] },
    );
  };
  const tick = (now: number) => {
    frame = requestAnimationFrame(tick);
    if (now - last >= syncMs) {
      last = now;
      sync();
    }
  };
  const stop = () => {
    cancelAnimationFrame(frame);
    if (layout.isRunning()) {
      layout.stop();
      sync();
    }
  };
  return {
    start() {
      if (!layout.isRunning()) {
        layout.start();
        // The first positions come after `syncMs`: the graph was just drawn from its start ones.
        last = performance.now();
        frame = requestAnimationFrame(tick);
      }
    },
    stop,
    isRunning: () => layout.isRunning(),
    kill() {
      stop();
      layout.kill();
    },
  };
}
