// Whether the CLI can run the JavaScript that scripts/compile-js.mjs wrote beside the sources.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A source the CLI may load: `.ts`, but not a test, a declaration or AssemblyScript. */
export function isCliSource(name) {
  return (
    name.endsWith('.ts') &&
    !name.endsWith('.test.ts') &&
    !name.endsWith('.d.ts') &&
    !name.endsWith('.as.ts')
  );
}

/** True when every CLI source under `dir` has a compiled twin (`x.ts.mjs`) at least as new. */
export function compiledIsFresh(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__fixtures__' && !compiledIsFresh(path)) {
        return false;
      }
    } else if (isCliSource(entry.name)) {
      let js;
      try {
        js = statSync(`${path}.mjs`).mtimeMs;
      } catch {
        return false;
      }
      if (js < statSync(path).mtimeMs) {
        return false;
      }
    }
  }
  return true;
}
