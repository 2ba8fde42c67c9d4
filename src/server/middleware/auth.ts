import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-deps.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * The token a request presents: `Authorization: Bearer`, or where clients cannot set that header,
 * `?access_token=` on a WebSocket upgrade (browsers) and `X-Amz-Firehose-Access-Key` (Firehose).
 */
function presented(c: Context<AppEnv>): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
  if (m) {
    return m[1]!.trim();
  }
  if (c.req.header('upgrade')?.toLowerCase() === 'websocket') {
    return c.req.query('access_token');
  }
  return c.req.header('x-amz-firehose-access-key');
}

/** The dashboard's static shell (no data; a browser cannot attach a header to a navigation). */
const PUBLIC_GET = /^\/(?:index\.html)?$|^\/assets\/[\w.-]+$/;

const isPublic = (method: string, path: string) =>
  (method === 'GET' || method === 'HEAD') && PUBLIC_GET.test(path);

/**
 * When a token is set, every route but the dashboard shell needs `Authorization: Bearer <token>`
 * (constant-time check).
 */
export function bearerAuth(token: string | undefined): MiddlewareHandler<AppEnv> {
  if (!token) {
    return async (_c, next) => next();
  }
  const want = digest(token);
  return async (c, next) => {
    if (isPublic(c.req.method, c.req.path)) {
      return next();
    }
    const given = presented(c);
    if (given === undefined || !timingSafeEqual(digest(given), want)) {
      c.header('www-authenticate', 'Bearer');
      return c.json({ message: 'missing or invalid bearer token' }, 401);
    }
    await next();
  };
}
