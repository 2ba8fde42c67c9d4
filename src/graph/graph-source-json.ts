import { readFile, stat } from 'node:fs/promises';
import { FlowError } from '../model/errors.ts';
import { fileLines } from './file-lines.ts';
import {
  edgeKey,
  storedEdge,
  type EdgeAttributes,
  type FlowEdge,
  type NodeAttributes,
} from './flow-graph.ts';
import type { GraphSource } from './graph-source.ts';

/** Whole-document parsing is only for small, re-formatted files; flowlens' own layout streams. */
const MAX_WHOLE_JSON_BYTES = 256 * 1024 * 1024;

function invalid(path: string, why: string, cause?: unknown): FlowError {
  return new FlowError('FLOW_GRAPH_INVALID', `${path}: ${why}`, { cause });
}

function nodeOf(v: unknown, path: string): [string, NodeAttributes] {
  const o = v as { key?: unknown; attributes?: Partial<NodeAttributes> } | null;
  if (typeof o?.key !== 'string') {
    throw invalid(path, 'a node has no string "key"');
  }
  const a = o.attributes ?? {};
  return [
    o.key,
    {
      label: a.label ?? o.key,
      kind: a.kind ?? 'name',
      flows: a.flows ?? 0,
      packets: a.packets ?? 0,
      bytes: a.bytes ?? 0,
    },
  ];
}

function edgeOf(v: unknown, path: string, directed: boolean): FlowEdge {
  const o = v as {
    key?: unknown;
    source?: unknown;
    target?: unknown;
    attributes?: Partial<EdgeAttributes>;
  } | null;
  if (typeof o?.source !== 'string' || typeof o.target !== 'string') {
    throw invalid(path, 'an edge has no string "source"/"target"');
  }
  const a = o.attributes ?? {};
  const attributes: EdgeAttributes = {
    account: a.account ?? null,
    eni: a.eni ?? null,
    srcPort: a.srcPort ?? null,
    dstPort: a.dstPort ?? null,
    protocol: a.protocol ?? null,
    action: a.action ?? null,
    flows: a.flows ?? 1,
    packets: a.packets ?? 0,
    bytes: a.bytes ?? 0,
    start: a.start ?? null,
    end: a.end ?? null,
  };
  if (!directed) {
    return storedEdge(o.source, o.target, attributes, false);
  }
  const key = typeof o.key === 'string' ? o.key : edgeKey(o.source, o.target, attributes);
  return { key, source: o.source, target: o.target, attributes };
}

/** Streams flowlens' one-item-per-line layout: `"nodes":[` / `"edges":[` lines switch sections. */
async function* streamItems(path: string, want: 'nodes' | 'edges'): AsyncIterable<unknown> {
  let section = '';
  for await (const line of fileLines(path)) {
    if (line.startsWith('"nodes":[') || line.startsWith('"edges":[')) {
      section = line.slice(1, 6);
    } else if (line.startsWith('{"key"') && section === want) {
      try {
        yield JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line);
      } catch (e) {
        throw invalid(path, 'bad JSON item', e);
      }
    } else if (section === 'edges' && want === 'nodes') {
      return;
    }
  }
}

interface WholeGraph {
  readonly nodes: unknown[];
  readonly edges: unknown[];
  readonly options?: { readonly type?: unknown };
}

async function parseWhole(path: string): Promise<WholeGraph> {
  const size = (await stat(path)).size;
  if (size > MAX_WHOLE_JSON_BYTES) {
    throw invalid(path, 'too large to parse whole; save graphs with flowlens to stream them');
  }
  let doc: { nodes?: unknown; edges?: unknown; options?: { type?: unknown } } | null;
  try {
    doc = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw invalid(path, 'not valid JSON', e);
  }
  if (!Array.isArray(doc?.nodes) || !Array.isArray(doc.edges)) {
    throw invalid(path, 'not a serialized graph (needs "nodes" and "edges" arrays)');
  }
  return { nodes: doc.nodes, edges: doc.edges, ...(doc.options ? { options: doc.options } : {}) };
}

/** flowlens' own layout: the first line holds `{"attributes":…,"options":…,` (see json.ts). */
async function streamHeader(path: string): Promise<WholeGraph['options'] | null> {
  for await (const line of fileLines(path)) {
    if (!line.startsWith('{"attributes":') || !line.endsWith(',')) {
      return null;
    }
    try {
      return (
        (JSON.parse(`${line.slice(0, -1)}}`) as { options?: { type?: unknown } }).options ?? {}
      );
    } catch {
      return null;
    }
  }
  return null;
}

/** A saved graphology-serialized graph as a re-readable source. */
export async function readJsonGraph(path: string): Promise<GraphSource> {
  const header = await streamHeader(path);
  const whole = header ? undefined : await parseWhole(path);
  const type = (header ?? whole?.options)?.type;
  const items = (want: 'nodes' | 'edges'): AsyncIterable<unknown> =>
    whole
      ? (async function* () {
          yield* whole[want];
        })()
      : streamItems(path, want);
  const directed = type !== 'undirected';
  return {
    name: path,
    directed,
    async *nodes() {
      for await (const v of items('nodes')) {
        yield nodeOf(v, path);
      }
    },
    async *edges() {
      for await (const v of items('edges')) {
        yield edgeOf(v, path, directed);
      }
    },
  };
}
