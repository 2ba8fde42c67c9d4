import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RouteModule } from '../app-deps.ts';
import { createDashboardBuilder } from '../dashboard-build.ts';

const WEB_ROOT = fileURLToPath(new URL('../../../web/', import.meta.url));

/** Content types of the files a Vite build emits. */
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * The dashboard (web/, docs/dashboard.md): `GET /` and `/assets/*` from `web/dist`, built with
 * Vite on the first request when missing or older than its sources. The shell carries no data
 * and is served without the bearer token (see middleware/auth.ts); its API calls send it.
 */
export const dashboardRoutes: RouteModule = {
  name: 'dashboard',
  mount(app, deps) {
    const builder = createDashboardBuilder(WEB_ROOT, deps.log);
    const send = async (file: string) => {
      const dist = await builder.ready();
      const path = normalize(join(dist, file));
      if (!path.startsWith(dist + sep)) {
        return new Response('not found', { status: 404 });
      }
      const body = await readFile(path).catch(() => null);
      if (!body) {
        return new Response('not found', { status: 404 });
      }
      const type = MEDIA_TYPES[extname(path)] ?? 'application/octet-stream';
      const cache = file.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      return new Response(body, { headers: { 'content-type': type, 'cache-control': cache } });
    };
    app.get('/', () => send('index.html'));
    app.get('/index.html', () => send('index.html'));
    app.get('/assets/:file', (c) => send(`assets/${c.req.param('file')}`));
  },
};
