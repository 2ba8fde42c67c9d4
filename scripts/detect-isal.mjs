#!/usr/bin/env node
// Finds ISA-L (libisal-dev) for binding.gyp. Prints 1 or 0; with --cflags / --libs, the flags
// to use (pkg-config's when it knows libisal, else the system paths).
// FLOWLENS_ISAL=0 builds without it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

function pkgConfig(...args) {
  try {
    return execFileSync('pkg-config', [...args, 'libisal'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

function detect() {
  if (process.env.FLOWLENS_ISAL === '0') {
    return null;
  }
  const cflags = pkgConfig('--cflags');
  if (cflags !== null) {
    const dirs = cflags
      .split(/\s+/)
      .filter((f) => f.startsWith('-I'))
      .map((f) => f.slice(2));
    if ([...dirs, '/usr/include', '/usr/local/include'].some((d) => hasHeader(d))) {
      return { cflags, libs: pkgConfig('--libs') || '-lisal' };
    }
  }
  for (const prefix of ['/usr', '/usr/local', '/opt/homebrew']) {
    if (hasHeader(join(prefix, 'include'))) {
      return { cflags: `-I${prefix}/include`, libs: `-L${prefix}/lib -lisal` };
    }
  }
  return null;
}

function hasHeader(dir) {
  return existsSync(join(dir, 'isa-l', 'igzip_lib.h'));
}

const found = detect();
const arg = process.argv[2];
if (arg === '--cflags') {
  console.log(found?.cflags ?? '');
} else if (arg === '--libs') {
  console.log(found?.libs ?? '');
} else {
  console.log(found ? 1 : 0);
}
