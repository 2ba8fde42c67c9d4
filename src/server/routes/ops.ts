import type { RouteModule } from '../app-deps.ts';

/** `/healthz` (the process answers), `/readyz` (stores and queue usable), `/metrics`. */
export const opsRoutes: RouteModule = {
  name: 'ops',
  mount(app, deps) {
    app.get('/healthz', (c) => c.json({ status: 'ok' }));
    app.get('/readyz', async (c) => {
      if (deps.isAccepting && !deps.isAccepting()) {
        return c.json({ status: 'draining' }, 503);
      }
      try {
        await Promise.all([...deps.stores.map((s) => s.check()), deps.publisher.check()]);
        return c.json({ status: 'ready' });
      } catch (e) {
        c.get('log').warn({ err: e }, 'not ready');
        return c.json({ status: 'unavailable', message: (e as Error).message }, 503);
      }
    });
    app.get('/metrics', async (c) => {
      const body = await deps.telemetry.registry.metrics();
      return c.body(body, 200, { 'content-type': deps.telemetry.registry.contentType });
    });
  },
};
