import { gunzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { isRendererName, renderToString, RENDERER_NAMES } from '../../graph/render/index.ts';
import { renderers } from '../../graph/render/index.ts';
import { FlowError } from '../../model/errors.ts';
import { jobKind, type JobKindName } from '../../jobs/job-kinds.ts';
import { DIFF_JSON_SUFFIX } from '../../jobs/kinds/diff-kind.ts';
import { GRAPH_MODEL_SUFFIX, graphFromSnapshot } from '../../jobs/kinds/graph-snapshot.ts';
import type { AppDeps, AppEnv, RouteModule } from '../app-deps.ts';
import { openApiDocument } from '../openapi.ts';

/** Native resource names → job kinds. */
const RESOURCES = { digests: 'digest', graphs: 'graph', diffs: 'diff' } as const satisfies Record<
  string,
  JobKindName
>;

type Formatter = (c: Context<AppEnv>, id: string, deps: AppDeps) => Promise<Response>;

async function stored(deps: AppDeps, kind: JobKindName, key: string): Promise<Uint8Array> {
  const body = await deps.execute.backendFor(kind).store.get(key);
  if (!body) {
    throw new FlowError('FLOW_DATA_NOT_FOUND', `no stored result ${key}`);
  }
  return body;
}

const formatters: Record<JobKindName, Formatter> = {
  digest: async (c, id, deps) =>
    c.text(gunzipSync(await stored(deps, 'digest', `${id}.log.gz`)).toString('utf8')),
  graph: async (c, id, deps) => {
    const format = c.req.query('format') ?? 'dot';
    if (!isRendererName(format)) {
      throw new FlowError(
        'FLOW_FORMAT_INVALID',
        `format must be one of ${RENDERER_NAMES.join(', ')}`,
      );
    }
    const graph = graphFromSnapshot(await stored(deps, 'graph', id + GRAPH_MODEL_SUFFIX));
    const text = await renderToString(graph, format);
    return c.body(text, 200, { 'content-type': renderers[format].mediaType });
  },
  diff: async (c, id, deps) => {
    const json = (c.req.query('format') ?? 'dot') === 'json';
    const body = await stored(deps, 'diff', id + (json ? DIFF_JSON_SUFFIX : '.dot'));
    return c.body(Buffer.from(body), 200, {
      'content-type': json ? 'application/json' : 'text/vnd.graphviz',
    });
  },
};

async function findRecord(deps: AppDeps, id: string) {
  for (const kind of Object.values(RESOURCES)) {
    const r = await deps.execute.backendFor(kind).records.get(id);
    if (r) {
      return r;
    }
  }
  return undefined;
}

function mountResource(
  app: Parameters<RouteModule['mount']>[0],
  deps: AppDeps,
  name: string,
  kindName: JobKindName,
) {
  const kind = jobKind(kindName);
  app.post(`/api/v1/${name}`, async (c) => {
    const params = kind.fromQuery((q) => c.req.query(q));
    const { outcome, id } = await deps.jobs.submit(kind, params);
    const state = outcome === 'exists' ? 'done' : outcome === 'in_progress' ? 'running' : 'queued';
    return c.json(
      { id, kind: kindName, state, href: `/api/v1/${name}/${id}` },
      outcome === 'queued' ? 202 : 200,
    );
  });
  app.get(`/api/v1/${name}/:id`, async (c) => {
    const id = c.req.param('id');
    const { markers, store } = deps.execute.backendFor(kindName);
    if (!(await store.exists(id + kind.suffix))) {
      const running = await markers.inProgress(id);
      return c.json({ id, state: running ? 'running' : 'unknown' }, running ? 202 : 404);
    }
    return formatters[kindName](c, id, deps);
  });
}

/** The native JSON API under `/api/v1/`, described by `/api/v1/openapi.json`. */
export const apiRoutes: RouteModule = {
  name: 'api-v1',
  mount(app, deps) {
    app.get('/api/v1/openapi.json', (c) => c.json(openApiDocument()));
    app.get('/api/v1/jobs', async (c) => {
      const seen = new Map<string, unknown>();
      for (const kind of Object.values(RESOURCES)) {
        for (const r of await deps.execute.backendFor(kind).records.list()) {
          seen.set(r.id, r);
        }
      }
      return c.json({ jobs: [...seen.values()] });
    });
    app.get('/api/v1/jobs/:id', async (c) => {
      const r = await findRecord(deps, c.req.param('id'));
      return r ? c.json(r) : c.json({ message: 'unknown job' }, 404);
    });
    for (const [name, kind] of Object.entries(RESOURCES)) {
      mountResource(app, deps, name, kind);
    }
  },
};
