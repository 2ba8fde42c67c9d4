import { FlowError } from '../model/errors.ts';
import type { EdgeAttributes, FlowEdge, NodeAttributes } from './flow-graph.ts';
import { storedEdge } from './flow-graph.ts';
import { parseDotLine, type DotStatement } from './dot-parse.ts';
import type { NodeKind } from './endpoint-resolver.ts';
import { fileLines } from './file-lines.ts';
import { parseIp } from './ip-address.ts';

type Statement<K> = Extract<DotStatement, { kind: K }>;

/** One line; syntax errors name the file (a saved graph is often one of two diff inputs). */
function parseLine(path: string, line: string, n: number): DotStatement {
  try {
    return parseDotLine(line, n);
  } catch (e) {
    throw new FlowError('FLOW_GRAPH_INVALID', `${path}: ${(e as Error).message}`, { cause: e });
  }
}

async function* statements(path: string): AsyncIterable<DotStatement> {
  let n = 0;
  let opened = false;
  for await (const line of fileLines(path)) {
    n += 1;
    const s = parseLine(path, line, n);
    if (s.kind === 'open') {
      opened = true;
    } else if ((s.kind === 'edge' || s.kind === 'node') && !opened) {
      throw new FlowError('FLOW_GRAPH_INVALID', `DOT line ${n}: statement before 'digraph {'`);
    }
    yield s;
  }
  if (!opened) {
    throw new FlowError('FLOW_GRAPH_INVALID', `${path}: not a DOT graph (no 'digraph {')`);
  }
}

/** Whether the file is a `digraph` (true) or an undirected `graph` (false); reads its header. */
export async function readDotDirected(path: string): Promise<boolean> {
  for await (const s of statements(path)) {
    if (s.kind === 'open') {
      return s.directed;
    }
  }
  return true;
}

function kindOf(label: string, declared: string | undefined): NodeKind {
  const kinds: readonly string[] = ['ip', 'cidr', 'alias', 'service', 'asn', 'country', 'name'];
  if (declared && kinds.includes(declared)) {
    return declared as NodeKind;
  }
  return parseIp(label) ? 'ip' : 'name';
}

/** Node ID → attributes (label = address), from the node statements (grapherd puts them last). */
export async function readDotNodes(path: string): Promise<Map<string, NodeAttributes>> {
  const nodes = new Map<string, NodeAttributes>();
  for await (const s of statements(path)) {
    if (s.kind === 'node') {
      const label = s.attrs.label ?? s.id;
      nodes.set(s.id, {
        label,
        kind: kindOf(label, s.attrs.govpc_kind),
        flows: 0,
        packets: 0,
        bytes: 0,
      });
    }
  }
  return nodes;
}

function num(v: string | undefined): number | null {
  return v === undefined || v === '-' || v === '' || !Number.isFinite(Number(v)) ? null : Number(v);
}

function str(v: string | undefined): string | null {
  return v === undefined || v === '-' ? null : v;
}

function attributesOf(a: Record<string, string>): EdgeAttributes {
  return {
    account: str(a.govpc_accountID),
    eni: str(a.govpc_eniID),
    srcPort: num(a.govpc_srcPort),
    dstPort: num(a.govpc_dstPort),
    protocol: num(a.govpc_protocol),
    action: str(a.govpc_action) ?? (a.color === 'red' ? 'REJECT' : 'ACCEPT'),
    flows: num(a.govpc_flows) ?? 1,
    packets: num(a.govpc_packets) ?? 0,
    bytes: num(a.govpc_bytes) ?? 0,
    start: num(a.govpc_start),
    end: num(a.govpc_end),
  };
}

/**
 * Edges with node IDs replaced by node labels (grapherd's `n…` IDs are not identities). In an
 * undirected `graph` each pair is stored smaller label first, ports swapped with it, as flowlens
 * builds undirected graphs, so `a -- b` and `b -- a` are the same edge.
 */
export async function* readDotEdges(
  path: string,
  nodes: ReadonlyMap<string, NodeAttributes>,
): AsyncIterable<FlowEdge> {
  let directed = true;
  for await (const s of statements(path)) {
    if (s.kind === 'open') {
      directed = s.directed;
    } else if (s.kind === 'edge') {
      const e = s as Statement<'edge'>;
      const source = nodes.get(e.source)?.label ?? e.source;
      const target = nodes.get(e.target)?.label ?? e.target;
      yield storedEdge(source, target, attributesOf(e.attrs), directed);
    }
  }
}
