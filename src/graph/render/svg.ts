import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { FlowError } from '../../model/errors.ts';
import type { FlowGraph } from '../flow-graph.ts';
import { readableDot } from './readable-dot.ts';
import type { Renderer } from './renderer.ts';

let graphviz: Promise<Graphviz> | undefined;

/** Lays out DOT text with Graphviz compiled to WebAssembly (no native binary needed). */
export async function dotToSvg(dot: string): Promise<string> {
  graphviz ??= Graphviz.load();
  try {
    return (await graphviz).layout(dot, 'svg', 'dot');
  } catch (e) {
    throw new FlowError('FLOW_GRAPH_INVALID', `graphviz: ${(e as Error).message}`, { cause: e });
  }
}

async function* renderSvg(graph: FlowGraph): AsyncIterable<string> {
  yield await dotToSvg([...readableDot(graph)].join(''));
}

export const svgRenderer = {
  name: 'svg',
  mediaType: 'image/svg+xml',
  extension: 'svg',
  render: renderSvg,
} as const satisfies Renderer;
