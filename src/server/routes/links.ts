import type { Context } from 'hono';
import { buildGraph } from '../../graph/build-graph.ts';
import { LINK_MODES, linkGraphOptions, type LinkMode, type LinkQuery } from '../../graph/links.ts';
import {
  isRendererName,
  renderToString,
  renderers,
  RENDERER_NAMES,
} from '../../graph/render/index.ts';
import { parseWindow } from '../../jobs/job-params.ts';
import { timeWindow } from '../../jobs/kinds/window-kind.ts';
import { FlowError } from '../../model/errors.ts';
import { readFlows } from '../../sources/read-flows.ts';
import type { AppDeps, AppEnv, RouteModule } from '../app-deps.ts';

function linkQuery(c: Context<AppEnv>): LinkQuery {
  const mode = c.req.param('mode') ?? '';
  if (!(LINK_MODES as readonly string[]).includes(mode)) {
    throw new FlowError('FLOW_USAGE', `links mode must be one of ${LINK_MODES.join(', ')}`);
  }
  const ips = (c.req.queries('ip') ?? []).flatMap((v) => v.split(',')).filter(Boolean);
  const cidr = c.req.query('cidr');
  return { mode: mode as LinkMode, ips, ...(cidr ? { cidr } : {}) };
}

async function links(c: Context<AppEnv>, deps: AppDeps): Promise<Response> {
  const query = linkQuery(c);
  const options = linkGraphOptions(query);
  const window = parseWindow(c.req.query('start'), c.req.query('stop'));
  const format = c.req.query('format') ?? 'force-graph';
  if (!isRendererName(format)) {
    throw new FlowError(
      'FLOW_FORMAT_INVALID',
      `format must be one of ${RENDERER_NAMES.join(', ')}`,
    );
  }
  const records = readFlows(deps.execute.run.openSources(), {
    window: timeWindow(window),
    signal: c.req.raw.signal,
  });
  const graph = await buildGraph(records, options);
  const body = await renderToString(graph, format);
  return c.body(body, 200, { 'content-type': renderers[format].mediaType });
}

/**
 * flow-optics' three questions over a window, answered at once from the sources (no job):
 * `GET /api/v1/links/{inspect|rejects|correlate}?ip=…&start=…&stop=…[&cidr=…][&format=…]`.
 * The answer is force-graph JSON by default, or any graph format.
 */
export const linksRoutes: RouteModule = {
  name: 'links',
  mount(app, deps) {
    app.get('/api/v1/links/:mode', (c) => links(c, deps));
  },
};
