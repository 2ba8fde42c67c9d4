#!/usr/bin/env node
// Compiles src/**/*.ts (tests and AssemblyScript aside) to JavaScript beside each file
// (`x.ts` → `x.ts.mjs`, relative imports rewritten), so `bin/flowlens.mjs` can start without
// the TypeScript loader: about a third of a second less per command. Run by `npm install` (the
// `install` script) and by `npm run build:js`. The output is gitignored, and the CLI uses it
// only while every `.ts.mjs` is at least as new as its `.ts` (bin/flowlens.mjs), so editing a
// source file falls back to the loader until the next build: never stale code.
//
// The transform is esbuild's, as tsx's is, so the compiled code behaves as the code tsx runs.
// Never fails the install: on any error it prints one line and exits 0 (--strict: exit 1).
import { readFileSync, readdirSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isCliSource } from '../bin/compiled.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const strict = process.argv.includes('--strict');

/** Every source under `dir` the CLI may load. */
function compiledSources(dir = join(root, 'src'), out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__fixtures__') {
        compiledSources(path, out);
      }
    } else if (isCliSource(entry.name)) {
      out.push(path);
    }
  }
  return out;
}

/** `'./x.ts'` → `'./x.ts.mjs'` in static imports, re-exports and dynamic imports. */
function rewriteImports(code) {
  return code.replace(
    /((?:\bfrom|\bimport)\s*\(?\s*)(['"])(\.{1,2}\/[^'"\n]+?\.ts)\2/g,
    (_, lead, quote, spec) => `${lead}${quote}${spec}.mjs${quote}`,
  );
}

async function main() {
  const { transform } = await import('esbuild');
  const sources = compiledSources();
  let written = 0;
  for (const file of sources) {
    const { code } = await transform(readFileSync(file, 'utf8'), {
      loader: 'ts',
      format: 'esm',
      target: 'node20',
      sourcefile: file,
      tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true, target: 'ES2022' } },
    });
    const out = `${file}.mjs`;
    const js = rewriteImports(code);
    let old;
    try {
      old = readFileSync(out, 'utf8');
    } catch {
      old = undefined;
    }
    if (old !== js) {
      // Whole or not at all: a CLI starting meanwhile must never read half a file.
      writeFileSync(`${out}.tmp`, js);
      renameSync(`${out}.tmp`, out);
      written++;
    } else {
      // Unchanged, but newer than its source again (a checkout may have touched the source).
      const now = new Date();
      utimesSync(out, now, now);
    }
  }
  console.log(
    `flowlens: compiled ${sources.length} source files to JavaScript (${written} changed)`,
  );
}

main().catch((e) => {
  console.log(
    `flowlens: sources not compiled (${String(e?.message ?? e).split('\n')[0]}); the CLI runs them through tsx`,
  );
  process.exit(strict ? 1 : 0);
});
