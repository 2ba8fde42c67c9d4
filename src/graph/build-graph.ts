import type { FlowRecord } from '../model/flow-record.ts';
import { createEndpointResolver, type NodeRef } from './endpoint-resolver.ts';
import {
  createFlowGraph,
  mergeEdge,
  settleNodes,
  type EdgeAttributes,
  type FlowGraph,
} from './flow-graph.ts';
import { formatGrouping, type GraphOptions, type PortMode } from './graph-options.ts';
import { ephemeralPort } from '../model/service-port.ts';
import { createRecordFilter } from './record-filter.ts';

export interface GraphBuilder {
  /** Adds one record; returns false when it was filtered out or had no endpoints. */
  add(record: FlowRecord): boolean;
  /** Applies `--min-count` / `--top`, settles node volumes and returns the graph. */
  finish(): FlowGraph;
}

export type RecordInput =
  | Iterable<FlowRecord>
  | Iterable<readonly FlowRecord[]>
  | AsyncIterable<FlowRecord>
  | AsyncIterable<readonly FlowRecord[]>;

function upper(v: string | null | undefined): string | null {
  return v == null ? null : v.toUpperCase();
}

/** An edge's ports under `--ports`. */
const PORTS: Record<PortMode, (r: FlowRecord) => [number | null, number | null]> = {
  keep: (r) => [r.srcport ?? null, r.dstport ?? null],
  service: ({ srcport = null, dstport = null }) => {
    const ephemeral = ephemeralPort(srcport, dstport);
    return [ephemeral === 'src' ? 0 : srcport, ephemeral === 'dst' ? 0 : dstport];
  },
  ignore: () => [null, null],
};

function edgeAttributes(r: FlowRecord, ports: PortMode): EdgeAttributes {
  const [srcPort, dstPort] = PORTS[ports](r);
  return {
    account: r.accountId ?? null,
    eni: r.interfaceId ?? null,
    srcPort,
    dstPort,
    protocol: r.protocol ?? null,
    action: upper(r.action),
    flows: 1,
    packets: r.packets ?? 0,
    bytes: r.bytes ?? 0,
    start: r.start ?? null,
    end: r.end ?? null,
  };
}

/** Undirected graphs store each pair once, smaller key first (ports swap with it). */
function canonical(
  src: NodeRef,
  dst: NodeRef,
  a: EdgeAttributes,
): [NodeRef, NodeRef, EdgeAttributes] {
  if (src.key <= dst.key) {
    return [src, dst, a];
  }
  return [dst, src, { ...a, srcPort: a.dstPort, dstPort: a.srcPort }];
}

/** Keeps the edges that pass `--min-count` and the `--top` K by the chosen weight. */
function pruneEdges(graph: FlowGraph, options: GraphOptions): void {
  const weight = options.weight ?? 'flows';
  const min = options.minCount ?? 0;
  const top = options.top ?? 0;
  for (const [k, e] of graph.edges) {
    if (e.attributes[weight] < min) {
      graph.edges.delete(k);
    }
  }
  if (top > 0 && graph.edges.size > top) {
    const ranked = [...graph.edges.values()].sort(
      (a, b) => b.attributes[weight] - a.attributes[weight] || (a.key < b.key ? -1 : 1),
    );
    for (const e of ranked.slice(top)) {
      graph.edges.delete(e.key);
    }
  }
}

/**
 * Stream-builds a graph: each record is folded into its edge group at once, so memory grows
 * with the number of distinct edges, not records.
 */
export function createGraphBuilder(options: GraphOptions = {}): GraphBuilder {
  const resolve = createEndpointResolver(options);
  const keep = createRecordFilter(options);
  const ports = options.ports ?? 'keep';
  const graph = createFlowGraph(
    {
      generator: 'flowlens',
      schema: 1,
      ...(options.name ? { name: options.name } : {}),
      grouping: formatGrouping(options.grouping ?? { kind: 'ip' }),
      endpoints: options.endpoints ?? 'addr',
      ports,
      weight: options.weight ?? 'flows',
      pseudonymized: Boolean(options.pseudonymizeKey),
    },
    !options.undirected,
  );
  return {
    add(record) {
      if (!keep(record)) {
        return false;
      }
      const src = resolve(record, 'src');
      const dst = resolve(record, 'dst');
      if (!src || !dst) {
        return false;
      }
      const attrs = edgeAttributes(record, ports);
      const [s, t, a] = options.undirected ? canonical(src, dst, attrs) : [src, dst, attrs];
      mergeEdge(graph, s, t, a);
      return true;
    },
    finish() {
      pruneEdges(graph, options);
      settleNodes(graph);
      return graph;
    },
  };
}

/** Builds a graph from records or batches of records (e.g. `readFlows(...)`). */
export async function buildGraph(
  input: RecordInput,
  options: GraphOptions = {},
): Promise<FlowGraph> {
  const builder = createGraphBuilder(options);
  for await (const item of input as AsyncIterable<FlowRecord | readonly FlowRecord[]>) {
    if (Array.isArray(item)) {
      for (const r of item as readonly FlowRecord[]) {
        builder.add(r);
      }
    } else {
      builder.add(item as FlowRecord);
    }
  }
  return builder.finish();
}
