import { sortedEdges, sortedNodes, type FlowEdge, type FlowGraph } from '../flow-graph.ts';
import type { Renderer } from './renderer.ts';
import { stripControls } from '../strip-controls.ts';

const PROTOCOLS: Readonly<Record<number, string>> = {
  1: 'icmp',
  6: 'tcp',
  17: 'udp',
  58: 'icmpv6',
};

const MERMAID_ESCAPES: Readonly<Record<string, string>> = {
  '"': '#quot;',
  '#': '#35;',
  '<': '#lt;',
  '>': '#gt;',
  '&': '#amp;',
};

/** Text inside a quoted Mermaid label: entity codes for markup characters, `<br>` for breaks. */
export function mermaidText(text: string): string {
  return stripControls(text, '\r\n')
    .replace(/["#<>&]/g, (c) => MERMAID_ESCAPES[c] ?? c)
    .replace(/\r\n|\r|\n/g, '<br>');
}

function edgeText(e: FlowEdge, weight: 'flows' | 'packets' | 'bytes'): string {
  const a = e.attributes;
  const proto = a.protocol === null ? '-' : (PROTOCOLS[a.protocol] ?? String(a.protocol));
  const ports =
    a.srcPort === null && a.dstPort === null ? '' : ` ${a.srcPort ?? '-'}→${a.dstPort ?? '-'}`;
  return `${proto}${ports} ${a[weight]} ${weight}`;
}

/** A Mermaid flowchart: nodes `n0…` in key order, REJECT links styled red. */
function* renderMermaid(graph: FlowGraph): Iterable<string> {
  yield 'flowchart LR\n';
  const ids = new Map<string, string>();
  for (const [key, node] of sortedNodes(graph)) {
    ids.set(key, `n${ids.size}`);
    yield `  ${ids.get(key)}["${mermaidText(node.label)}"]\n`;
  }
  const arrow = graph.directed ? '-->' : '---';
  const rejected: number[] = [];
  for (const [i, e] of sortedEdges(graph).entries()) {
    const text = mermaidText(edgeText(e, graph.attributes.weight));
    yield `  ${ids.get(e.source)} ${arrow}|"${text}"| ${ids.get(e.target)}\n`;
    if (e.attributes.action === 'REJECT') {
      rejected.push(i);
    }
  }
  if (rejected.length > 0) {
    yield `  linkStyle ${rejected.join(',')} stroke:red\n`;
  }
}

export const mermaidRenderer = {
  name: 'mermaid',
  mediaType: 'text/vnd.mermaid',
  extension: 'mmd',
  render: renderMermaid,
} as const satisfies Renderer;
