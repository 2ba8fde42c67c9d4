import { buildGraph } from '../../graph/build-graph.ts';
import { writeJsonDiff } from '../../graph/diff-json.ts';
import type { FlowGraph } from '../../graph/flow-graph.ts';
import type { GraphOptions } from '../../graph/graph-options.ts';
import { graphSourceFromGraph } from '../../graph/graph-source.ts';
import { renderToString } from '../../graph/render/index.ts';
import { DATA_ATTRIBUTIONS } from '../../enrich/data-attribution.ts';
import type { Enricher } from '../../enrich/enricher.ts';
import { openEnricher } from '../../enrich/open-enricher.ts';
import { createTextCollector } from '../../jobs/kinds/collect-text.ts';
import type { TimeWindow } from '../../model/flow-record.ts';
import { readFlows } from '../../sources/read-flows.ts';
import { loadAliasTable, type AliasTable } from '../../graph/alias-table.ts';
import { FlowError } from '../../model/errors.ts';
import type { AppDeps, RouteModule } from '../app-deps.ts';
import {
  daysWindow,
  graphOptionsFromQuery,
  linkOptionsFromQuery,
  windowFromQuery,
  type ExploreLookups,
  type QueryGet,
} from './explore-query.ts';

/** Opens the offline enricher once per process, on first use; `null` when the data is missing. */
function lazyEnricher(): () => Promise<Enricher | null> {
  let opened: Promise<Enricher | null> | undefined;
  return () => (opened ??= openEnricher().catch(() => null));
}

/** The alias table from `--aliases`, read once on first use. */
function lazyAliases(file: string | undefined): () => Promise<AliasTable> {
  let loaded: Promise<AliasTable> | undefined;
  return () => {
    if (!file) {
      throw new FlowError(
        'FLOW_USAGE',
        'no alias file configured: start the server with --aliases FILE',
      );
    }
    return (loaded ??= loadAliasTable(file));
  };
}

/**
 * Graph options for a dashboard query. `group=alias` is IP grouping with the server's alias
 * table applied (addresses it covers take their name), as `flowlens graph --aliases FILE`.
 */
async function shapeOptions(
  get: QueryGet,
  lookups: ExploreLookups | undefined,
  aliases: () => Promise<AliasTable>,
): Promise<GraphOptions> {
  if (get('group') !== 'alias') {
    return graphOptionsFromQuery(get, lookups);
  }
  const table = await aliases();
  const rest: QueryGet = (n) => (n === 'group' ? undefined : get(n));
  return { ...graphOptionsFromQuery(rest, lookups), aliases: table };
}

function lookupsFor(enrich: Enricher | null): ExploreLookups | undefined {
  if (!enrich) {
    return undefined;
  }
  return {
    asn: (ip) => {
      const a = enrich(ip).asn;
      return a ? `AS${a.number} ${a.org}` : undefined;
    },
    country: (ip) => enrich(ip).geo?.country || undefined,
  };
}

async function windowedGraph(
  deps: AppDeps,
  options: GraphOptions,
  window: TimeWindow | undefined,
): Promise<FlowGraph> {
  const records = readFlows(deps.execute.run.openSources(), window ? { window } : {});
  const graph = await buildGraph(records, options);
  if (window) {
    graph.attributes.window = { start: window.start, stop: window.stop };
  }
  return graph;
}

type JsonNode = { key: string; attributes: Record<string, unknown> };

/**
 * The graph JSON (docs/graph-json.md) plus, additively, `geo`/`asn`/`aws`/`scope` on IP nodes and
 * the data credits in the graph attributes (the dashboard must show them with geolocation).
 */
async function enrichedJson(graph: FlowGraph, enrich: Enricher | null): Promise<string> {
  const json = JSON.parse(await renderToString(graph, 'json')) as {
    attributes: Record<string, unknown>;
    nodes: JsonNode[];
  };
  if (enrich) {
    for (const n of json.nodes) {
      if (n.attributes.kind === 'ip') {
        const { ip: _ip, ...info } = enrich(n.key);
        Object.assign(n.attributes, info);
      }
    }
    json.attributes.attribution = DATA_ATTRIBUTIONS;
  }
  return JSON.stringify(json);
}

const JSON_TYPE = { 'content-type': 'application/json' };

/**
 * The dashboard's synchronous queries, computed from the configured sources on each request:
 * `/api/v1/explore/graph` (window or last N hours, grouping, filters, weight, min-count, top),
 * `/api/v1/explore/diff` (two windows, JSON diff) and `/api/v1/explore/links` (flow-optics).
 */
export const exploreRoutes: RouteModule = {
  name: 'explore',
  mount(app, deps) {
    const enricher = lazyEnricher();
    const aliases = lazyAliases(deps.aliasesFile);
    const now = () => Date.now();
    app.get('/api/v1/explore/graph', async (c) => {
      const get: QueryGet = (n) => c.req.query(n);
      const enrich = await enricher();
      const options = await shapeOptions(get, lookupsFor(enrich), aliases);
      const graph = await windowedGraph(deps, options, windowFromQuery(get, now()));
      return c.body(await enrichedJson(graph, enrich), 200, JSON_TYPE);
    });
    app.get('/api/v1/explore/links', async (c) => {
      const get: QueryGet = (n) => c.req.query(n);
      const graph = await windowedGraph(deps, linkOptionsFromQuery(get), daysWindow(get, now()));
      return c.body(await enrichedJson(graph, await enricher()), 200, JSON_TYPE);
    });
    app.get('/api/v1/explore/diff', async (c) => {
      const get: QueryGet = (n) => c.req.query(n);
      const options = await shapeOptions(get, lookupsFor(await enricher()), aliases);
      const [prev, next] = await Promise.all(
        ['previous_', 'next_'].map((p) =>
          windowedGraph(deps, options, windowFromQuery(get, now(), p)),
        ),
      );
      const out = createTextCollector();
      await writeJsonDiff(
        graphSourceFromGraph(prev!, 'previous'),
        graphSourceFromGraph(next!, 'next'),
        out.out,
      );
      return c.body(out.bytes().toString('utf8'), 200, JSON_TYPE);
    });
  },
};
