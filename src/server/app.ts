import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { App, AppDeps, AppEnv, RouteModule } from './app-deps.ts';
import { messageOf, statusOf } from './error-status.ts';
import { bearerAuth } from './middleware/auth.ts';
import { rateLimit } from './middleware/rate-limit.ts';
import { requestContext } from './middleware/request-context.ts';
import { apiRoutes } from './routes/api-v1.ts';
import { compatRoutes } from './routes/compat.ts';
import { linksRoutes } from './routes/links.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { exploreRoutes } from './routes/explore.ts';
import { opsRoutes } from './routes/ops.ts';
import { workerPushRoutes } from './routes/worker-push.ts';

/** The built-in route modules, in mounting order. */
export const routes = {
  ops: opsRoutes,
  api: apiRoutes,
  links: linksRoutes,
  compat: compatRoutes,
  explore: exploreRoutes,
  dashboard: dashboardRoutes,
} as const satisfies Record<string, RouteModule>;

function policyMiddleware(app: App, deps: AppDeps): void {
  const p = deps.policy;
  if (p.corsOrigins.length > 0) {
    app.use('*', cors({ origin: [...p.corsOrigins], exposeHeaders: ['x-request-id'] }));
  }
  app.use('*', bearerAuth(p.token));
  app.use('*', rateLimit(p.rateLimitPerMinute));
  app.use(
    '*',
    bodyLimit({
      maxSize: p.maxBodyBytes,
      onError: (c) => c.json({ message: `request body over ${p.maxBodyBytes} bytes` }, 413),
    }),
  );
}

/**
 * The HTTP app, with no socket: tests call `app.request(…)`, `serve.ts` listens. `extra` route
 * modules (live ingest, WebSocket stream, dashboard) are mounted after the built-in ones and
 * before the catch-all worker route `POST /{topic}/{event}`.
 */
export function createApp(deps: AppDeps, extra: readonly RouteModule[] = []): App {
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(deps));
  policyMiddleware(app, deps);
  for (const m of [...Object.values(routes), ...extra, workerPushRoutes]) {
    m.mount(app, deps);
  }
  app.notFound((c) => c.json({ message: 'not found' }, 404));
  app.onError((e, c) => {
    const status = statusOf(e);
    if (status >= 500) {
      c.get('log')?.error({ err: e }, 'request failed');
    }
    return c.body(JSON.stringify({ message: messageOf(e) }) + '\n', status, {
      'content-type': 'application/json',
    });
  });
  return app;
}
