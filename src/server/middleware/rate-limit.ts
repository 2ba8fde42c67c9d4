import type { MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from '../app-deps.ts';

function clientOf(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local'; // app.request() in tests: no socket
  }
}

/** A fixed one-minute window per client address; `limit` 0 disables it. */
export function rateLimit(limit: number, now: () => number = Date.now): MiddlewareHandler<AppEnv> {
  if (limit <= 0) {
    return async (_c, next) => next();
  }
  let windowStart = now();
  let counts = new Map<string, number>();
  return async (c, next) => {
    if (now() - windowStart >= 60_000) {
      windowStart = now();
      counts = new Map();
    }
    const who = clientOf(c);
    const n = (counts.get(who) ?? 0) + 1;
    counts.set(who, n);
    if (n > limit) {
      c.header('retry-after', String(Math.ceil((windowStart + 60_000 - now()) / 1000)));
      return c.json({ message: 'rate limit exceeded' }, 429);
    }
    await next();
  };
}
