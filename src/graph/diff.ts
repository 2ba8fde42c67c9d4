import { createHash } from 'node:crypto';
import { FlowError } from '../model/errors.ts';
import type { FlowEdge, NodeAttributes, Volume } from './flow-graph.ts';
import type { GraphSource } from './graph-source.ts';

/** An edge present in both graphs whose volume changed. `ratio` = after/before of `weight`. */
export interface EdgeChange {
  readonly edge: FlowEdge;
  readonly before: Volume;
  readonly after: Volume;
  readonly ratio: number | null;
}

/** Receives the diff as it is found; the writers (DOT, JSON) implement this. */
export interface DiffSink {
  added(edge: FlowEdge): void | Promise<void>;
  removed(edge: FlowEdge): void | Promise<void>;
  /** Only called when `withChanges` is set (the JSON diff). */
  changed?(change: EdgeChange): void | Promise<void>;
}

export interface DiffSummary {
  readonly addedEdges: number;
  readonly removedEdges: number;
  readonly changedEdges: number;
  readonly addedNodes: [string, NodeAttributes][];
  readonly removedNodes: [string, NodeAttributes][];
  /** Nodes touched by an added or removed edge (next graph's attributes win). */
  readonly touchedNodes: [string, NodeAttributes][];
  /** Ordered pairs with REJECT edges now, none before, and traffic before. */
  readonly becameRejected: { source: string; target: string }[];
}

export interface DiffOptions {
  readonly withChanges?: boolean;
  readonly weight?: keyof Volume;
}

/**
 * diffd's edge identity: endpoints, account, ENI, ports, protocol and colour (REJECT = red,
 * anything else green). Volumes, times and labels are not part of it.
 */
export function diffIdentity(e: FlowEdge): string {
  const a = e.attributes;
  const colour = a.action === 'REJECT' ? 'red' : 'green';
  const id = [e.source, e.target, a.account, a.eni, a.srcPort, a.dstPort, a.protocol, colour];
  // A 128-bit digest keeps the index small (16 one-byte chars per edge, not the whole identity).
  return createHash('md5').update(JSON.stringify(id)).digest().toString('latin1');
}

/**
 * Whether the diff is directed: both inputs directed (digraphs, grapherd files) or both
 * undirected. A directed graph against an undirected one would differ on every edge, so it is
 * refused.
 */
export function diffDirected(prev: GraphSource, next: GraphSource): boolean {
  const [p, n] = [prev.directed ?? true, next.directed ?? true];
  if (p !== n) {
    const which = (d: boolean) => (d ? 'a directed' : 'an undirected');
    throw new FlowError(
      'FLOW_GRAPH_INVALID',
      `cannot diff ${which(p)} graph (${prev.name}) against ${which(n)} one (${next.name}); ` +
        'build both with or without --undirected',
    );
  }
  return p;
}

const PREV_REJECT = 1;
const PREV_OTHER = 2;
const NEXT_REJECT = 4;
const MATCHED = 1;
const REMOVED_DONE = 2;
const CHANGED_DONE = 4;
const WIDTH = 7;

/** Growable columns per indexed prev edge: prev volume, next volume, flags (no object per edge). */
class Columns {
  data = new Float64Array(1024 * WIDTH);
  size = 0;
  push(): number {
    if ((this.size + 1) * WIDTH > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    return this.size++;
  }
  add(i: number, offset: 0 | 3, v: Volume): void {
    const base = i * WIDTH + offset;
    this.data[base] = (this.data[base] ?? 0) + v.flows;
    this.data[base + 1] = (this.data[base + 1] ?? 0) + v.packets;
    this.data[base + 2] = (this.data[base + 2] ?? 0) + v.bytes;
  }
  volume(i: number, offset: 0 | 3): Volume {
    const [flows = 0, packets = 0, bytes = 0] = this.data.subarray(
      i * WIDTH + offset,
      i * WIDTH + offset + 3,
    );
    return { flows, packets, bytes };
  }
  flag(i: number, bit: number): boolean {
    return ((this.data[i * WIDTH + 6] ?? 0) & bit) !== 0;
  }
  set(i: number, bit: number): void {
    this.data[i * WIDTH + 6] = (this.data[i * WIDTH + 6] ?? 0) | bit;
  }
}

interface DiffState {
  readonly index: Map<string, number>;
  readonly cols: Columns;
  readonly pairs: Map<string, number>;
  readonly added: Map<string, FlowEdge>;
  readonly touched: Set<string>;
}

function pairKey(e: FlowEdge): string {
  return JSON.stringify([e.source, e.target]);
}

function markPair(state: DiffState, e: FlowEdge, bits: number): void {
  const k = pairKey(e);
  state.pairs.set(k, (state.pairs.get(k) ?? 0) | bits);
}

async function indexPrev(prev: GraphSource, state: DiffState): Promise<void> {
  for await (const e of prev.edges()) {
    const id = diffIdentity(e);
    let i = state.index.get(id);
    if (i === undefined) {
      i = state.cols.push();
      state.index.set(id, i);
    }
    state.cols.add(i, 0, e.attributes);
    markPair(state, e, e.attributes.action === 'REJECT' ? PREV_REJECT : PREV_OTHER);
  }
}

async function scanNext(next: GraphSource, state: DiffState): Promise<void> {
  for await (const e of next.edges()) {
    const id = diffIdentity(e);
    const i = state.index.get(id);
    if (i !== undefined) {
      state.cols.add(i, 3, e.attributes);
      state.cols.set(i, MATCHED);
    } else {
      const seen = state.added.get(id);
      if (seen) {
        mergeVolume(seen.attributes, e.attributes);
      } else {
        state.added.set(id, { ...e, attributes: { ...e.attributes } });
      }
    }
    if (e.attributes.action === 'REJECT' && state.pairs.has(pairKey(e))) {
      markPair(state, e, NEXT_REJECT);
    }
  }
}

function mergeVolume(into: Volume, add: Volume): void {
  into.flows += add.flows;
  into.packets += add.packets;
  into.bytes += add.bytes;
}

function touch(state: DiffState, e: FlowEdge): void {
  state.touched.add(e.source);
  state.touched.add(e.target);
}

async function emitAdded(state: DiffState, sink: DiffSink): Promise<void> {
  const edges = [...state.added.values()].sort((a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
  for (const e of edges) {
    touch(state, e);
    await sink.added(e);
  }
}

/** Streams prev once more; `visit` sees each indexed edge once, with its summed prev volume. */
async function revisitPrev(
  prev: GraphSource,
  state: DiffState,
  doneBit: number,
  visit: (e: FlowEdge, i: number) => Promise<void>,
): Promise<void> {
  for await (const e of prev.edges()) {
    const i = state.index.get(diffIdentity(e));
    if (i === undefined || state.cols.flag(i, doneBit)) {
      continue;
    }
    state.cols.set(i, doneBit);
    await visit({ ...e, attributes: { ...e.attributes, ...state.cols.volume(i, 0) } }, i);
  }
}

function sameVolume(a: Volume, b: Volume): boolean {
  return a.flows === b.flows && a.packets === b.packets && a.bytes === b.bytes;
}

async function readNodes(source: GraphSource): Promise<Map<string, NodeAttributes>> {
  const nodes = new Map<string, NodeAttributes>();
  for await (const [k, n] of source.nodes()) {
    nodes.set(k, n);
  }
  return nodes;
}

function becameRejected(state: DiffState): { source: string; target: string }[] {
  return [...state.pairs.entries()]
    .filter(([, f]) => (f & NEXT_REJECT) !== 0 && (f & PREV_REJECT) === 0 && (f & PREV_OTHER) !== 0)
    .map(([k]) => JSON.parse(k) as [string, string])
    .sort()
    .map(([source, target]) => ({ source, target }));
}

function nodeDelta(
  a: Map<string, NodeAttributes>,
  b: Map<string, NodeAttributes>,
): [string, NodeAttributes][] {
  return [...a.entries()].filter(([k]) => !b.has(k)).sort(([x], [y]) => (x < y ? -1 : 1));
}

function touchedNodes(
  state: DiffState,
  prevNodes: Map<string, NodeAttributes>,
  nextNodes: Map<string, NodeAttributes>,
): [string, NodeAttributes][] {
  return [...state.touched].sort().map((k) => {
    const n = nextNodes.get(k) ?? prevNodes.get(k);
    return [k, n ?? { label: k, kind: 'name', flows: 0, packets: 0, bytes: 0 }];
  });
}

/**
 * Diffs two graphs with diffd semantics, streaming: prev is indexed once (identity → numeric
 * columns), next is streamed against it, then prev is streamed again for removals (and again
 * for volume changes when asked). Memory is one index entry per distinct prev edge plus the
 * added edges, never both graphs' full edges.
 */
export async function diffGraphs(
  prev: GraphSource,
  next: GraphSource,
  sink: DiffSink,
  options: DiffOptions = {},
): Promise<DiffSummary> {
  const state: DiffState = {
    index: new Map(),
    cols: new Columns(),
    pairs: new Map(),
    added: new Map(),
    touched: new Set(),
  };
  await indexPrev(prev, state);
  await scanNext(next, state);
  await emitAdded(state, sink);
  let removed = 0;
  await revisitPrev(prev, state, REMOVED_DONE, async (e, i) => {
    if (!state.cols.flag(i, MATCHED)) {
      removed += 1;
      touch(state, e);
      await sink.removed(e);
    }
  });
  const changed = options.withChanges
    ? await emitChanges(prev, state, sink, options.weight ?? 'bytes')
    : 0;
  const [prevNodes, nextNodes] = [await readNodes(prev), await readNodes(next)];
  return {
    addedEdges: state.added.size,
    removedEdges: removed,
    changedEdges: changed,
    addedNodes: nodeDelta(nextNodes, prevNodes),
    removedNodes: nodeDelta(prevNodes, nextNodes),
    touchedNodes: touchedNodes(state, prevNodes, nextNodes),
    becameRejected: becameRejected(state),
  };
}

async function emitChanges(
  prev: GraphSource,
  state: DiffState,
  sink: DiffSink,
  weight: keyof Volume,
): Promise<number> {
  let changed = 0;
  await revisitPrev(prev, state, CHANGED_DONE, async (edge, i) => {
    const before = state.cols.volume(i, 0);
    const after = state.cols.volume(i, 3);
    if (state.cols.flag(i, MATCHED) && !sameVolume(before, after)) {
      changed += 1;
      const ratio = before[weight] === 0 ? null : after[weight] / before[weight];
      await sink.changed?.({ edge, before, after, ratio });
    }
  });
  return changed;
}
