import type { EdgeAttributes, FlowEdge } from '../flow-graph.ts';
import { stripControls } from '../strip-controls.ts';

/**
 * DOT text helpers shared by the DOT renderer and the DOT diff. Node IDs are the node keys as
 * quoted strings (injective, so they never collide, unlike grapherd's `n` + digits), and every
 * quoted value is escaped, so any alias text parses.
 */
/** Escapes text for a quoted DOT string: `\` `"` and line breaks; other controls are dropped. */
export function quoteDot(text: string): string {
  const body = stripControls(text, '\r\n')
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n|\r|\n/g, '\\n');
  return `"${body}"`;
}

function value(v: string | number | null): string {
  return v === null ? '-' : String(v);
}

/** The grapherd edge attributes, in grapherd's order (names as in vpcflow-grapherd). */
export const GOVPC_ATTRIBUTES = [
  ['govpc_accountID', 'accountID', (a: EdgeAttributes) => a.account],
  ['govpc_eniID', 'eniID', (a: EdgeAttributes) => a.eni],
  ['govpc_srcPort', 'srcPort', (a: EdgeAttributes) => a.srcPort],
  ['govpc_dstPort', 'dstPort', (a: EdgeAttributes) => a.dstPort],
  ['govpc_protocol', 'protocol', (a: EdgeAttributes) => a.protocol],
  ['govpc_packets', 'packets', (a: EdgeAttributes) => a.packets],
  ['govpc_bytes', 'bytes', (a: EdgeAttributes) => a.bytes],
  ['govpc_start', 'start', (a: EdgeAttributes) => a.start],
  ['govpc_end', 'end', (a: EdgeAttributes) => a.end],
] as const;

/** Label lines `accountID=…` … `end=…`, plus any extra lines (e.g. `diff=ADDED`). */
function edgeLabel(a: EdgeAttributes, extraLines: readonly string[]): string {
  const lines = GOVPC_ATTRIBUTES.map(([, name, get]) => `${name}=${value(get(a))}`);
  // Each line is escaped on its own; the separators are DOT's `\n` escapes.
  return `"${[...lines, ...extraLines].map((l) => quoteDot(l).slice(1, -1)).join('\\n')}"`;
}

/** `src -> dst [govpc_… color=… label="…" govpc_flows="…" govpc_action="…"{extra}]`. */
export function dotEdge(
  edge: FlowEdge,
  directed: boolean,
  extra: { labelLines?: readonly string[]; attributes?: readonly [string, string][] } = {},
): string {
  const a = edge.attributes;
  const attrs = GOVPC_ATTRIBUTES.map(([key, , get]) => `${key}=${quoteDot(value(get(a)))}`);
  attrs.push(`color=${a.action === 'REJECT' ? 'red' : 'green'}`);
  attrs.push(`label=${edgeLabel(a, extra.labelLines ?? [])}`);
  attrs.push(
    `govpc_flows=${quoteDot(String(a.flows))}`,
    `govpc_action=${quoteDot(value(a.action))}`,
  );
  for (const [k, v] of extra.attributes ?? []) {
    attrs.push(`${k}=${quoteDot(v)}`);
  }
  const arrow = directed ? '->' : '--';
  return `${quoteDot(edge.source)} ${arrow} ${quoteDot(edge.target)} [${attrs.join(' ')}]`;
}

export function dotNode(key: string, label: string, kind: string): string {
  return `${quoteDot(key)} [label=${quoteDot(label)} govpc_kind=${quoteDot(kind)}]`;
}
