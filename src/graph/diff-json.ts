import type { Writable } from 'node:stream';
import { diffDirected, diffGraphs, type DiffSummary, type EdgeChange } from './diff.ts';
import type { FlowEdge, Volume } from './flow-graph.ts';
import type { GraphSource } from './graph-source.ts';
import { writeChunks } from './render/index.ts';

const SECTIONS = ['added', 'removed', 'changed'] as const;
type Section = (typeof SECTIONS)[number];

function edgeJson(e: FlowEdge): string {
  return JSON.stringify({
    key: e.key,
    source: e.source,
    target: e.target,
    attributes: e.attributes,
  });
}

function changeJson(c: EdgeChange): string {
  const { flows: _f, packets: _p, bytes: _b, ...identity } = c.edge.attributes;
  const body = {
    key: c.edge.key,
    source: c.edge.source,
    target: c.edge.target,
    attributes: identity,
  };
  return JSON.stringify({ ...body, before: c.before, after: c.after, ratio: c.ratio });
}

/** Writes sections in order as items arrive; opening a later section closes the earlier ones. */
function sectionWriter(out: Writable) {
  let open = -1;
  let first = true;
  const to = async (section: Section | 'end') => {
    const target = section === 'end' ? SECTIONS.length : SECTIONS.indexOf(section);
    const chunks: string[] = [];
    while (open < target) {
      chunks.push(
        open >= 0 ? '\n],\n' : '',
        open + 1 < SECTIONS.length ? `"${SECTIONS[open + 1]}":[` : '',
      );
      open += 1;
      first = true;
    }
    await writeChunks(chunks, out);
  };
  const item = async (section: Section, json: string) => {
    await to(section);
    await writeChunks([`${first ? '\n' : ',\n'}${json}`], out);
    first = false;
  };
  return { to, item };
}

/**
 * The JSON diff: `added`, `removed` and `changed` edges (volume before/after and the ratio of
 * the chosen weight), `nodes.added` / `nodes.removed`, and `becameRejected` pairs. One item per
 * line, written as found.
 */
export async function writeJsonDiff(
  prev: GraphSource,
  next: GraphSource,
  out: Writable,
  weight: keyof Volume = 'bytes',
): Promise<DiffSummary> {
  const attributes = {
    generator: 'flowlens',
    kind: 'diff',
    previous: prev.name,
    next: next.name,
    weight,
    directed: diffDirected(prev, next),
  };
  await writeChunks([`{"attributes":${JSON.stringify(attributes)},\n`], out);
  const w = sectionWriter(out);
  const summary = await diffGraphs(
    prev,
    next,
    {
      added: (e) => w.item('added', edgeJson(e)),
      removed: (e) => w.item('removed', edgeJson(e)),
      changed: (c) => w.item('changed', changeJson(c)),
    },
    { withChanges: true, weight },
  );
  await w.to('end');
  const nodes = (list: DiffSummary['addedNodes']) =>
    list.map(([key, attributes]) => ({ key, attributes }));
  const tail = {
    nodes: { added: nodes(summary.addedNodes), removed: nodes(summary.removedNodes) },
    becameRejected: summary.becameRejected,
    summary: {
      added: summary.addedEdges,
      removed: summary.removedEdges,
      changed: summary.changedEdges,
    },
  };
  await writeChunks([`${JSON.stringify(tail).slice(1)}\n`], out);
  return summary;
}
