import type { Writable } from 'node:stream';
import { once } from 'node:events';
import type { FlowGraph } from '../flow-graph.ts';
import { dotRenderer } from './dot.ts';
import { forceGraphRenderer } from './force-graph.ts';
import { graphmlRenderer } from './graphml.ts';
import { jsonRenderer } from './json.ts';
import { mermaidRenderer } from './mermaid.ts';
import type { Renderer } from './renderer.ts';
import { svgRenderer } from './svg.ts';
import { visRenderer } from './vis.ts';

/** Every output format; `--format` values, help text and types derive from this map. */
export const renderers = {
  dot: dotRenderer,
  json: jsonRenderer,
  graphml: graphmlRenderer,
  mermaid: mermaidRenderer,
  'force-graph': forceGraphRenderer,
  vis: visRenderer,
  svg: svgRenderer,
} as const satisfies Record<string, Renderer>;

export type RendererName = keyof typeof renderers;
export const RENDERER_NAMES = Object.keys(renderers) as RendererName[];

export function isRendererName(name: string): name is RendererName {
  return Object.hasOwn(renderers, name);
}

export async function renderToString(graph: FlowGraph, name: RendererName): Promise<string> {
  let out = '';
  for await (const chunk of renderers[name].render(graph)) {
    out += chunk;
  }
  return out;
}

/** Streams chunks to a writable, honouring backpressure. */
export async function writeChunks(
  chunks: Iterable<string> | AsyncIterable<string>,
  out: Writable,
): Promise<void> {
  for await (const chunk of chunks) {
    if (!out.write(chunk)) {
      await once(out, 'drain');
    }
  }
}

export async function renderTo(graph: FlowGraph, name: RendererName, out: Writable): Promise<void> {
  await writeChunks(renderers[name].render(graph), out);
}
