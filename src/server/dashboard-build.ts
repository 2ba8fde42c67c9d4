import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';

/** Source folders and files under web/ that are not inputs of the build. */
const NOT_INPUTS = new Set(['dist', 'node_modules']);
const isInput = (name: string) =>
  !NOT_INPUTS.has(name) && !name.endsWith('.test.ts') && !name.startsWith('.');

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (!isInput(e.name)) {
      continue;
    }
    const path = join(dir, e.name);
    const t = e.isDirectory() ? await newestMtime(path) : (await stat(path)).mtimeMs;
    newest = Math.max(newest, t);
  }
  return newest;
}

/** True when `dist/index.html` exists and is newer than every source file under `webRoot`. */
export async function isDashboardFresh(webRoot: string): Promise<boolean> {
  const built = await stat(join(webRoot, 'dist', 'index.html')).catch(() => null);
  return built !== null && built.mtimeMs >= (await newestMtime(webRoot));
}

function runVite(webRoot: string, outDir: string): Promise<void> {
  const pkg = createRequire(import.meta.url).resolve('vite/package.json');
  const vite = join(dirname(pkg), 'bin', 'vite.js');
  const args = [vite, 'build', webRoot, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`vite build failed (${code}): ${err.slice(-2000)}`)),
    );
  });
}

/**
 * Builds web/ into web/dist with Vite when it is missing or stale. The build goes to a temporary
 * folder that replaces dist in one rename, so concurrent servers never serve half a build.
 */
export async function buildDashboard(webRoot: string): Promise<string> {
  const dist = join(webRoot, 'dist');
  if (await isDashboardFresh(webRoot)) {
    return dist;
  }
  const tmp = await mkdtemp(join(webRoot, '.dist-'));
  try {
    await runVite(webRoot, tmp);
    await rm(dist, { recursive: true, force: true });
    await rename(tmp, dist);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return dist;
}

/** One build per process, started on the first `ready()` call. */
export function createDashboardBuilder(webRoot: string, log: Logger): { ready(): Promise<string> } {
  let building: Promise<string> | undefined;
  return {
    ready() {
      building ??= (async () => {
        const started = Date.now();
        const dist = await buildDashboard(webRoot);
        log.info({ ms: Date.now() - started }, 'dashboard ready');
        return dist;
      })();
      building.catch(() => (building = undefined));
      return building;
    },
  };
}
