#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader: no build step to remember.
import { register } from 'tsx/esm/api';

register();
// A closed pipe (`flowlens ... | head`) ends the process quietly, as for any Unix filter.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') {
    process.exit(0);
  }
  throw e;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
