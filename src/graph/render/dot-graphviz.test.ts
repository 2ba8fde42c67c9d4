import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { buildGraph } from '../build-graph.ts';
import { GRAPH_FIXTURES } from '../__fixtures__/records.ts';
import { renderToString } from './index.ts';

const hasDot = spawnSync('dot', ['-V']).status === 0;
const skip = hasDot ? false : 'Graphviz `dot` is not installed (apt-get install -y graphviz)';

/** Runs the real Graphviz on DOT text; returns the `plain` layout (one line per node/edge). */
function graphvizPlain(dot: string): string {
  const res = spawnSync('dot', ['-Tplain'], { input: dot, encoding: 'utf8' });
  assert.equal(res.status, 0, `dot rejected the input: ${res.stderr}`);
  assert.equal(res.stderr, '', `dot warned: ${res.stderr}`);
  return res.stdout;
}

for (const fixture of GRAPH_FIXTURES) {
  test(`should be accepted by Graphviz dot: fixture ${fixture.name}`, { skip }, async () => {
    const graph = await buildGraph(fixture.records(), fixture.options);
    const plain = graphvizPlain(await renderToString(graph, 'dot'));
    const lines = plain.split('\n');
    assert.equal(lines.filter((l) => l.startsWith('node ')).length, graph.nodes.size);
    assert.equal(lines.filter((l) => l.startsWith('edge ')).length, graph.edges.size);
  });
}

test(
  'should keep distinct node IDs for addresses grapherd merged (1.23.4.5 vs 12.3.4.5)',
  { skip },
  async () => {
    const records = [
      { srcaddr: '1.23.4.5', dstaddr: '12.3.4.5', action: 'ACCEPT' },
      { srcaddr: '1:2::3', dstaddr: '12::3', action: 'ACCEPT' },
    ];
    const graph = await buildGraph(records);
    const plain = graphvizPlain(await renderToString(graph, 'dot'));
    assert.equal(plain.split('\n').filter((l) => l.startsWith('node ')).length, 4);
  },
);
