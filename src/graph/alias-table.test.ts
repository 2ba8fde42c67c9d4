import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAliasTable, loadAliasTable, parseAliases } from './alias-table.ts';
import { isFlowError } from '../model/errors.ts';

test('should pick the longest matching prefix, for IPv4 and IPv6', () => {
  const t = createAliasTable([
    { address: '10.0.0.0/8', name: 'corp' },
    { address: '10.1.0.0/16', name: 'prod' },
    { address: '10.1.2.3', name: 'db' },
    { address: '2001:db8::/32', name: 'v6' },
  ]);
  assert.equal(t.lookup('10.1.2.3'), 'db');
  assert.equal(t.lookup('10.1.9.9'), 'prod');
  assert.equal(t.lookup('10.200.0.1'), 'corp');
  assert.equal(t.lookup('2001:db8:5::1'), 'v6');
  assert.equal(t.lookup('11.0.0.1'), undefined);
  assert.equal(t.lookup('constructor'), undefined);
});

test('should parse CSV (header, comments, quotes), JSON and YAML', () => {
  const csv = 'address,name\n# comment\n10.0.0.1,web\n"10.0.0.2","db, ""main"""\n\n';
  assert.deepEqual(parseAliases(csv, 'a.csv'), [
    { address: '10.0.0.1', name: 'web' },
    { address: '10.0.0.2', name: 'db, "main"' },
  ]);
  assert.deepEqual(parseAliases('{"10.0.0.1":"web"}', 'a.json'), [
    { address: '10.0.0.1', name: 'web' },
  ]);
  assert.deepEqual(parseAliases('- address: 10.0.0.0/8\n  name: corp\n', 'a.yaml'), [
    { address: '10.0.0.0/8', name: 'corp' },
  ]);
  assert.deepEqual(parseAliases('10.0.0.1: web\n', 'a.yml'), [
    { address: '10.0.0.1', name: 'web' },
  ]);
});

test('should give FLOW_CONFIG_INVALID for bad alias files', async () => {
  const bad: [string, string][] = [
    ['10.0.0.1\n', 'a.csv'],
    ['not-an-ip,name\n', 'a.csv'],
    ['10.0.0.1,\n', 'a.csv'],
    ['{"10.0.0.1": 5}', 'a.json'],
    ['{oops', 'a.json'],
    ['"just a string"', 'a.json'],
    ['- [unbalanced', 'a.yaml'],
  ];
  for (const [text, file] of bad) {
    assert.throws(
      () => createAliasTable(parseAliases(text, file)),
      (e) => isFlowError(e, 'FLOW_CONFIG_INVALID'),
      text,
    );
  }
  await assert.rejects(loadAliasTable('/nonexistent/aliases.csv'), (e) =>
    isFlowError(e, 'FLOW_CONFIG_INVALID'),
  );
  const dir = await mkdtemp(join(tmpdir(), 'flowlens-aliases-'));
  await writeFile(join(dir, 'a.csv'), '10.0.0.1,web\n');
  assert.equal((await loadAliasTable(join(dir, 'a.csv'))).lookup('10.0.0.1'), 'web');
});
