import { randomUUID } from 'node:crypto';
import { routePath } from 'hono/route';
import type { MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv } from '../app-deps.ts';

const ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Request id (kept from `x-request-id` when sane), a child logger, access log and metrics. */
export function requestContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header('x-request-id');
    const requestId = given && ID.test(given) ? given : randomUUID();
    const log = deps.log.child({ requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    const started = performance.now();
    await next();
    c.header('x-request-id', requestId);
    const seconds = (performance.now() - started) / 1000;
    const route = routePath(c) || 'unmatched';
    deps.telemetry.http(c.req.method, route, c.res.status, seconds);
    log.debug(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: seconds * 1000 },
      'request',
    );
  };
}
