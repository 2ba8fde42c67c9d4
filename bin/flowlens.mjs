#!/usr/bin/env node
// Runs the CLI: the JavaScript that `npm install` compiled beside each source file
// (scripts/compile-js.mjs) when all of it is up to date, else the TypeScript through tsx's
// loader (FLOWLENS_TSX=1 forces it). Either way there is no build step to remember; the
// compiled path only starts faster (about 0.25 s instead of 0.6 s).
import { fileURLToPath } from 'node:url';
import { compiledIsFresh } from './compiled.mjs';

const compiled =
  process.env.FLOWLENS_TSX !== '1' &&
  compiledIsFresh(fileURLToPath(new URL('../src/', import.meta.url)));
if (!compiled) {
  const { register } = await import('tsx/esm/api');
  register();
}
// A closed pipe (`flowlens ... | head`) ends the process quietly, as for any Unix filter.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') {
    process.exit(0);
  }
  throw e;
});
const { main } = await import(compiled ? '../src/cli/main.ts.mjs' : '../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
