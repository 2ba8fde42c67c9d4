import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-deps.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** When a token is set, every route needs `Authorization: Bearer <token>` (constant-time check). */
export function bearerAuth(token: string | undefined): MiddlewareHandler<AppEnv> {
  if (!token) {
    return async (_c, next) => next();
  }
  const want = digest(token);
  return async (c, next) => {
    const m = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
    if (!m || !timingSafeEqual(digest(m[1]!.trim()), want)) {
      c.header('www-authenticate', 'Bearer');
      return c.json({ message: 'missing or invalid bearer token' }, 401);
    }
    await next();
  };
}
