#!/usr/bin/env node
// Builds the native addon (binding.gyp → build/Release/flowlens_native.node) with node-gyp.
// Run by `npm install` (the `install` script) and by `npm run build:native`.
//
// The install must never fail because of it: without a compiler, Python or Node's headers the
// addon is simply missing and flowlens uses its portable path (WebAssembly kernel, Node's zlib).
// So any failure prints one line and exits 0, unless --strict (npm run build:native) is given.
// Quiet on success except one line; node-gyp's full output goes to build/native-build.log.
//
// FLOWLENS_NATIVE=0 skips the build (and the loading: src/native/addon.ts).
// FLOWLENS_ISAL=0 builds without ISA-L (scripts/detect-isal.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const strict = process.argv.includes('--strict');
const FALLBACK = 'using the portable WebAssembly/zlib path';

function fail(reason) {
  console.log(`flowlens: native addon not built (${reason}); ${FALLBACK}`);
  process.exit(strict ? 1 : 0);
}

/** node-gyp's script: npm's (set in lifecycle scripts), else the one bundled with npm. */
function findNodeGyp() {
  const candidates = [];
  if (process.env.npm_config_node_gyp) {
    candidates.push(process.env.npm_config_node_gyp);
  }
  const npmDirs = [join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm')];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const npm = join(dir, 'npm');
    if (dir && existsSync(npm)) {
      try {
        // bin/npm is a link to <npm>/bin/npm-cli.js (or a copy next to lib/node_modules/npm).
        npmDirs.push(join(dirname(realpathSync(npm)), '..'));
        npmDirs.push(join(dir, '..', 'lib', 'node_modules', 'npm'));
      } catch {
        // A dangling link: try the next one.
      }
    }
  }
  for (const dir of npmDirs) {
    candidates.push(join(dir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  }
  try {
    candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // Not installed as a package of its own: npm's copy it is.
  }
  return candidates.find((c) => existsSync(c));
}

/**
 * Node's headers for an offline build: npm's `nodedir` when set, else the headers installed
 * next to this node (distribution packages put them in <prefix>/include/node) when they are
 * this node's version. Without either node-gyp downloads them (once, into its cache).
 */
function nodeDirArgs() {
  if (process.env.npm_config_nodedir) {
    return [];
  }
  const prefix = join(dirname(process.execPath), '..');
  const version = join(prefix, 'include', 'node', 'node_version.h');
  if (!existsSync(join(prefix, 'include', 'node', 'common.gypi')) || !existsSync(version)) {
    return [];
  }
  const text = readFileSync(version, 'utf8');
  const part = (name) => text.match(new RegExp(`#define NODE_${name}_VERSION (\\d+)`))?.[1];
  const headers = `v${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}`;
  return headers === process.version ? [`--nodedir=${prefix}`] : [];
}

/** The line of node-gyp's output that says best what went wrong. */
function reasonOf(output, status) {
  const lines = output.split('\n').map((l) => l.trim());
  const pick =
    lines.find((l) => /(^|: )(fatal )?error: /.test(l) && !l.startsWith('gyp')) ?? // compiler
    lines.findLast((l) => /^[A-Za-z.]*(Error|Exception): /.test(l)) ?? // Python (gyp)
    lines.find((l) => /^gyp ERR! stack Error:/.test(l))?.replace(/^gyp ERR! stack /, '');
  const reason = pick ?? `node-gyp exited with ${status}`;
  return reason.length > 160 ? `${reason.slice(0, 157)}...` : reason;
}

if (process.env.FLOWLENS_NATIVE === '0') {
  console.log(`flowlens: native addon skipped (FLOWLENS_NATIVE=0); ${FALLBACK}`);
  process.exit(0);
}

const nodeGyp = findNodeGyp();
if (!nodeGyp) {
  fail('node-gyp not found');
}
const args = [nodeGyp, 'rebuild', '--release', '--jobs=max', ...nodeDirArgs()];
const res = spawnSync(process.execPath, args, {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
  maxBuffer: 64 * 1024 * 1024,
});
const log = `$ node ${args.join(' ')}\n${res.stdout ?? ''}${res.stderr ?? ''}`;
try {
  mkdirSync(join(root, 'build'), { recursive: true });
  writeFileSync(join(root, 'build', 'native-build.log'), log);
} catch {
  // The log is a convenience.
}
if (res.error) {
  fail(`node-gyp did not run: ${res.error.message}`);
}
if (res.status !== 0) {
  fail(`${reasonOf(log, res.status)}; see build/native-build.log`);
}

const addonPath = join(root, 'build', 'Release', 'flowlens_native.node');
let addon;
try {
  addon = createRequire(import.meta.url)(addonPath);
} catch (e) {
  fail(`built but does not load: ${String(e.message).split('\n')[0]}`);
}
console.log(
  addon.gunzipAvailable
    ? 'flowlens: native addon built (gunzip: ISA-L)'
    : 'flowlens: native addon built (gunzip: zlib; install libisal-dev and run `npm run build:native` for the fast gunzip)',
);
