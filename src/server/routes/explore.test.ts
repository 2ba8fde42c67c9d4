import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHarness, type Harness } from '../service-harness.ts';

const harnesses: Harness[] = [];
const cleanups: string[] = [];
after(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
  await Promise.all(cleanups.map((d) => rm(d, { recursive: true, force: true })));
});

const WINDOW = 'start=2019-01-01T00:00:00Z&stop=2019-01-01T01:00:00Z';

interface GraphJson {
  nodes: { key: string; attributes: { label?: string } }[];
}

async function harnessWithAliases(text: string | undefined): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'flowlens-aliases-'));
  cleanups.push(dir);
  const flags: Record<string, string> = {};
  if (text !== undefined) {
    flags.aliases = join(dir, 'known-ips.csv');
    await writeFile(flags.aliases, text);
  }
  const h = await createHarness({ flags });
  harnesses.push(h);
  return h;
}

test('explore: group=alias names the addresses the server alias file covers', async () => {
  const h = await harnessWithAliases('172.31.16.21,web "frontend"\n10.0.0.0/24,backends\n');
  const res = await h.app.request(`/api/v1/explore/graph?${WINDOW}&group=alias`);
  assert.equal(res.status, 200, await res.clone().text());
  const g = (await res.json()) as GraphJson;
  const keys = g.nodes.map((n) => n.key).sort();
  assert.ok(keys.includes('web "frontend"'), keys.join(', '));
  assert.ok(keys.includes('backends'), 'the CIDR alias collapses 10.0.0.0/24');
  assert.ok(!keys.some((k) => k.startsWith('10.0.0.')), keys.join(', '));
  assert.ok(keys.includes('172.31.16.1'), 'addresses without an alias stay as they are');
  const plain = (await (
    await h.app.request(`/api/v1/explore/graph?${WINDOW}`)
  ).json()) as GraphJson;
  assert.ok(
    plain.nodes.some((n) => n.key === '172.31.16.21'),
    'without group=alias no alias applies',
  );
});

test('explore: group=alias without --aliases is a clear 400', async () => {
  const h = await harnessWithAliases(undefined);
  const res = await h.app.request(`/api/v1/explore/graph?${WINDOW}&group=alias`);
  assert.equal(res.status, 400);
  assert.match(((await res.json()) as { message: string }).message, /--aliases/);
});
