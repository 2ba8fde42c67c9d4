import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateFlowLines, headerLine } from '../src/sample/generate-flow-logs.ts';
// @ts-expect-error: plain JavaScript without declarations (bin/ is not compiled)
import { compiledIsFresh } from '../bin/compiled.mjs';

const ROOT = join(import.meta.dirname, '..');
const fresh = compiledIsFresh as (dir: string) => boolean;

test('the compiled CLI is used only while every source has an up-to-date twin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowlens-compiled-'));
  try {
    const past = new Date(Date.now() - 60_000);
    writeFileSync(join(dir, 'a.ts'), '');
    writeFileSync(join(dir, 'a.test.ts'), ''); // tests and AssemblyScript are not compiled
    writeFileSync(join(dir, 'k.as.ts'), '');
    assert.equal(fresh(dir), false, 'no twin');
    writeFileSync(join(dir, 'a.ts.mjs'), '');
    utimesSync(join(dir, 'a.ts'), past, past);
    assert.equal(fresh(dir), true);
    utimesSync(join(dir, 'a.ts'), new Date(), new Date(Date.now() + 60_000));
    assert.equal(fresh(dir), false, 'a source edited after it was compiled');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'flowlens.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the compiled CLI and the TypeScript one give the same answers', () => {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'compile-js.mjs'), '--strict'], {
    encoding: 'utf8',
  });
  assert.equal(built.status, 0, built.stdout + built.stderr);
  assert.equal(fresh(join(ROOT, 'src')), true, 'compiled and up to date');
  const dir = mkdtempSync(join(tmpdir(), 'flowlens-compiled-'));
  try {
    const file = join(dir, 'flows.log');
    const lines = [headerLine(), ...generateFlowLines(3000, { seed: 21 }), 'junk line'];
    writeFileSync(file, lines.join('\n') + '\n');
    for (const args of [
      ['digest', '-q', file],
      ['digest', '-q', '--format', 'json', '--start', '2025-11-22T08:00:00Z', file],
      ['digest', '--help'],
      ['graph', '-q', '--format', 'dot', file],
      ['nonsense'],
    ]) {
      const compiled = cli(args);
      const typescript = cli(args, { FLOWLENS_TSX: '1' });
      assert.equal(compiled.status, typescript.status, args.join(' '));
      assert.equal(compiled.stdout, typescript.stdout, args.join(' '));
      assert.ok(args[0] === 'nonsense' || compiled.stdout.length > 100, args.join(' '));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
