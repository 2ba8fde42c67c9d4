import { sortedEdges, sortedNodes, type EdgeAttributes, type FlowGraph } from '../flow-graph.ts';
import { quoteDot } from './dot-syntax.ts';

/** IANA protocol numbers worth a name on a picture; others print as their number. */
const PROTOCOL_NAMES: Readonly<Record<number, string>> = {
  1: 'icmp',
  6: 'tcp',
  17: 'udp',
  58: 'icmp6',
};
const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];
const EPHEMERAL = 32768;

function humanBytes(n: number): string {
  let i = 0;
  while (n >= 1000 && i < UNITS.length - 1) {
    n /= 1000;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)} ${UNITS[i]}`;
}

/**
 * `tcp/5432 · 23 kB`: the service side's port (the smaller non-zero one); a port in the
 * ephemeral range (≥ 32768, both ends ephemeral) prints as `HP`.
 */
function shortLabel(a: EdgeAttributes): string {
  const proto = a.protocol === null ? '' : (PROTOCOL_NAMES[a.protocol] ?? String(a.protocol));
  const ports = [a.srcPort, a.dstPort].filter((p): p is number => p !== null && p > 0);
  const port = ports.length > 0 ? Math.min(...ports) : null;
  const service = port === null ? proto : `${proto}/${port >= EPHEMERAL ? 'HP' : port}`;
  return [service, humanBytes(a.bytes)].filter((s) => s !== '').join(' · ');
}

/**
 * DOT for people (what the `svg` renderer lays out): short edge labels (`tcp/443 · 23 kB`), REJECT in red, line width by bytes, rounded boxes. The grapherd-compatible
 * `dot` renderer keeps upstream's attributes and nine-line labels for tools.
 */
export function* readableDot(graph: FlowGraph): Iterable<string> {
  const arrow = graph.directed ? '->' : '--';
  yield graph.directed ? 'digraph {\n' : 'graph {\n';
  yield '\tgraph [rankdir=LR fontname="Helvetica" nodesep=0.4 ranksep=1.2]\n';
  yield '\tnode [shape=box style="rounded,filled" fillcolor="#eef3fb" color="#4a78b8" fontname="Helvetica" fontsize=11]\n';
  yield '\tedge [fontname="Helvetica" fontsize=9 arrowsize=0.6]\n';
  const edges = [...sortedEdges(graph)];
  const max = Math.max(1, ...edges.map((e) => e.attributes.bytes));
  for (const e of edges) {
    const a = e.attributes;
    const width = (0.6 + 3 * Math.sqrt(a.bytes / max)).toFixed(2);
    const color = a.action === 'REJECT' ? '#d62728' : '#7a869a';
    yield `\t${quoteDot(e.source)} ${arrow} ${quoteDot(e.target)} [label=${quoteDot(shortLabel(a))} color="${color}" fontcolor="${color}" penwidth=${width}]\n`;
  }
  for (const [key, node] of sortedNodes(graph)) {
    yield `\t${quoteDot(key)} [label=${quoteDot(node.label)}]\n`;
  }
  yield '}\n';
}
