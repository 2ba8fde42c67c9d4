import { sortedEdges, sortedNodes, type FlowGraph } from '../flow-graph.ts';
import type { Renderer } from './renderer.ts';
import { stripControls } from '../strip-controls.ts';

const NODE_KEYS = [
  ['label', 'string'],
  ['kind', 'string'],
  ['flows', 'long'],
  ['packets', 'long'],
  ['bytes', 'long'],
] as const;

const EDGE_KEYS = [
  ['account', 'string'],
  ['eni', 'string'],
  ['srcPort', 'int'],
  ['dstPort', 'int'],
  ['protocol', 'int'],
  ['action', 'string'],
  ['flows', 'long'],
  ['packets', 'long'],
  ['bytes', 'long'],
  ['start', 'long'],
  ['end', 'long'],
] as const;

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes XML text/attribute content; characters XML 1.0 forbids are dropped. */
export function xmlEscape(text: string): string {
  return stripControls(text, '\t\n\r')
    .replace(/[\ufffe\uffff]/g, '')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

function data(
  prefix: string,
  record: object,
  keys: readonly (readonly [string, string])[],
): string {
  const attrs = record as Readonly<Record<string, unknown>>;
  return keys
    .filter(([k]) => attrs[k] != null)
    .map(([k]) => `<data key="${prefix}_${k}">${xmlEscape(String(attrs[k]))}</data>`)
    .join('');
}

function* renderGraphml(graph: FlowGraph): Iterable<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n';
  for (const [k, t] of NODE_KEYS) {
    yield `  <key id="n_${k}" for="node" attr.name="${k}" attr.type="${t}"/>\n`;
  }
  for (const [k, t] of EDGE_KEYS) {
    yield `  <key id="e_${k}" for="edge" attr.name="${k}" attr.type="${t}"/>\n`;
  }
  yield `  <graph id="flowlens" edgedefault="${graph.directed ? 'directed' : 'undirected'}">\n`;
  for (const [key, node] of sortedNodes(graph)) {
    yield `    <node id="${xmlEscape(key)}">${data('n', node, NODE_KEYS)}</node>\n`;
  }
  for (const [i, e] of sortedEdges(graph).entries()) {
    const ends = `source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}"`;
    yield `    <edge id="e${i}" ${ends}>${data('e', e.attributes, EDGE_KEYS)}</edge>\n`;
  }
  yield '  </graph>\n</graphml>\n';
}

export const graphmlRenderer = {
  name: 'graphml',
  mediaType: 'application/graphml+xml',
  extension: 'graphml',
  render: renderGraphml,
} as const satisfies Renderer;
