import type { Context } from 'hono';
import { executeJob, parseQueuedJob } from '../../jobs/execute-job.ts';
import { isJobKindName } from '../../jobs/job-kinds.ts';
import type { AppDeps, AppEnv, RouteModule } from '../app-deps.ts';
import { statusOf } from '../error-status.ts';

/** Which kind a pushed body is: its `kind` field, a path segment naming one, or its shape. */
function kindOf(c: Context<AppEnv>, body: Record<string, unknown>): string {
  if (typeof body.kind === 'string') {
    return body.kind;
  }
  const named = [c.req.param('topic'), c.req.param('event')].find((s) => s && isJobKindName(s));
  if (named) {
    return named;
  }
  return 'previousStart' in body ? 'diff' : 'digest';
}

async function handle(c: Context<AppEnv>, deps: AppDeps): Promise<Response> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    return c.text('invalid JSON body', 400);
  }
  try {
    const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const job = parseQueuedJob(kindOf(c, fields), body);
    await executeJob(job, deps.execute);
    return c.body(null, 204);
  } catch (e) {
    const status = statusOf(e);
    c.get('log').warn({ err: e, status }, 'pushed job failed');
    return c.text(status === 400 ? (e as Error).message : 'Internal Server Error', status);
  }
}

/**
 * Upstream's worker route, `POST /{topic}/{event}`, for deployments where an external event bus
 * (`STREAM_APPLIANCE_ENDPOINT`) pushes jobs. Runs the job synchronously: 204 when stored, 400 for
 * a body the API would also have refused, 500 so the bus retries.
 */
export const workerPushRoutes: RouteModule = {
  name: 'worker-push',
  mount(app, deps) {
    app.post('/:topic/:event', (c) => handle(c, deps));
  },
};
