import type { Context } from 'hono';
import { JOB_KIND_NAMES, jobKind } from '../../jobs/job-kinds.ts';
import type { JobParams } from '../../jobs/job.ts';
import type { JobKind } from '../../jobs/job-kind.ts';
import type { AppEnv, RouteModule } from '../app-deps.ts';
import { messageOf, statusOf } from '../error-status.ts';

/** Upstream's JSON error body: `{"message":"…"}` plus a newline, as Go's encoder wrote it. */
export function jsonMessage(c: Context<AppEnv>, status: number, message: string): Response {
  return c.body(JSON.stringify({ message }) + '\n', status as 400, {
    'content-type': 'application/json',
  });
}

function parse(c: Context<AppEnv>, kind: JobKind): JobParams | Response {
  try {
    return kind.fromQuery((name) => c.req.query(name));
  } catch (e) {
    return jsonMessage(c, statusOf(e), messageOf(e));
  }
}

async function post(c: Context<AppEnv>, kind: JobKind): Promise<Response> {
  const params = parse(c, kind);
  if (params instanceof Response) {
    return params;
  }
  const { outcome, id } = await c.var.jobs.submit(kind, params);
  if (outcome === 'in_progress') {
    return jsonMessage(c, 409, kind.inProgressMessage(id));
  }
  if (outcome === 'exists') {
    return jsonMessage(c, 409, kind.existsMessage(id, params));
  }
  return c.body(null, 202);
}

async function get(c: Context<AppEnv>, kind: JobKind): Promise<Response> {
  const params = parse(c, kind);
  if (params instanceof Response) {
    return params;
  }
  const r = await c.var.jobs.fetch(kind, params);
  if (r.outcome !== 'done') {
    return c.body(null, r.outcome === 'in_progress' ? 204 : 404);
  }
  return c.body(Buffer.from(r.body), 200, { 'content-type': 'application/octet-stream' });
}

/**
 * vpcflow-digesterd/grapherd/diffd's API, one path per kind: `POST|GET /digest?start=&stop=`,
 * `/graph?start=&stop=`, `/diff?previous_start=&previous_stop=&next_start=&next_stop=`.
 */
export const compatRoutes: RouteModule = {
  name: 'compat',
  mount(app, deps) {
    app.use('*', async (c, next) => {
      c.set('jobs', deps.jobs);
      await next();
    });
    for (const name of JOB_KIND_NAMES) {
      const kind = jobKind(name);
      app.post(`/${name}`, (c) => post(c, kind));
      app.get(`/${name}`, (c) => get(c, kind));
    }
  },
};
