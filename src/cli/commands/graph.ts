import { buildGraph } from '../../graph/build-graph.ts';
import type { FlowGraph } from '../../graph/flow-graph.ts';
import { loadAliasTable } from '../../graph/alias-table.ts';
import {
  parseAction,
  parseGrouping,
  parsePort,
  parseProtocol,
  parseWeight,
  type GraphOptions,
  type Grouping,
} from '../../graph/graph-options.ts';
import { groupLookups } from '../../graph/group-lookups.ts';
import {
  RENDERER_NAMES,
  isRendererName,
  renderers,
  renderToString,
  type RendererName,
} from '../../graph/render/index.ts';
import { openEnricher } from '../../enrich/open-enricher.ts';
import { FlowError } from '../../model/errors.ts';
import type { TimeWindow } from '../../model/flow-record.ts';
import { createIngestStats } from '../../model/ingest-stats.ts';
import { openSources } from '../../sources/index.ts';
import { readFlows } from '../../sources/read-flows.ts';
import {
  boolOpt,
  formatOptions,
  intOpt,
  listOpt,
  parseCommandArgs,
  stringOpt,
  type OptionTable,
  type ParsedArgs,
} from '../args.ts';
import type { CliIo, Command } from '../command.ts';
import { humanSummary } from '../report.ts';
import { SOURCE_OPTIONS, layoutFrom, sourceOptionsFrom, windowFrom } from '../source-options.ts';
import { writeOutput } from '../write-output.ts';

/** Graph-shaping flags shared by `graph`, `diff` and `links`. */
export const GRAPH_OPTIONS = {
  group: {
    type: 'string',
    arg: 'MODE',
    help:
      'nodes: ip (default), cidr:N[,M] (IPv4 /N, IPv6 /M), service, asn or country ' +
      '(offline DB-IP/ASN data; private space is one "private" node)',
  },
  aliases: {
    type: 'string',
    arg: 'FILE',
    help: 'names for IPs/CIDRs: CSV address,name lines, JSON or YAML',
  },
  endpoints: {
    type: 'string',
    arg: 'addr|pkt',
    help: 'pkt: use pkt-srcaddr/pkt-dstaddr when present',
  },
  undirected: { type: 'boolean', help: 'merge A→B and B→A into one edge' },
  ports: {
    type: 'string',
    arg: 'keep|service|ignore',
    help: "service: the larger port (the client's ephemeral one) becomes 0, as in a digest; ignore: edges do not split by port",
  },
  pseudonymize: {
    type: 'string',
    arg: 'KEY',
    help: 'keyed prefix-preserving pseudonyms for non-aliased IPs',
  },
  'min-count': { type: 'string', arg: 'N', help: 'keep edges whose weight is at least N' },
  top: { type: 'string', arg: 'K', help: 'keep the K heaviest edges' },
  weight: {
    type: 'string',
    arg: 'flows|packets|bytes',
    help: 'weight for --min-count/--top/vis (default flows)',
  },
  action: { type: 'string', arg: 'accept|reject', help: 'keep only this action' },
  protocol: {
    type: 'string',
    arg: 'P,...',
    help: 'keep only these protocols (tcp, udp, icmp or numbers)',
  },
  port: { type: 'string', arg: 'N,...', help: 'keep records with this source or destination port' },
  ip: {
    type: 'string',
    arg: 'IP,...',
    help: 'focus: keep records with an endpoint among these IPs',
  },
  cidr: {
    type: 'string',
    arg: 'CIDR,...',
    help: 'focus: keep records with an endpoint in these CIDRs',
  },
} as const satisfies OptionTable;

function choice<T extends string>(
  args: ParsedArgs,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const v = stringOpt(args, name);
  if (v !== undefined && !(allowed as readonly string[]).includes(v)) {
    throw new FlowError('FLOW_USAGE', `--${name} must be one of ${allowed.join(', ')}, got '${v}'`);
  }
  return v as T | undefined;
}

/** ASN/country lookups over the shipped offline databases, opening only the one needed. */
async function lookupsFor(grouping: Grouping | undefined): Promise<GraphOptions['lookups']> {
  if (grouping?.kind !== 'asn' && grouping?.kind !== 'country') {
    return undefined;
  }
  const asn = grouping.kind === 'asn';
  const enrich = await openEnricher({ aws: false, ...(asn ? { geo: false } : { asn: false }) });
  return groupLookups(enrich);
}

/** Resolves the graph flags once into {@link GraphOptions}. */
export async function graphOptionsFrom(args: ParsedArgs): Promise<GraphOptions> {
  const group = stringOpt(args, 'group');
  const grouping = group ? parseGrouping(group) : undefined;
  const aliases = stringOpt(args, 'aliases');
  const weight = stringOpt(args, 'weight');
  const action = stringOpt(args, 'action');
  const key = stringOpt(args, 'pseudonymize');
  const endpoints = choice(args, 'endpoints', ['addr', 'pkt'] as const);
  const ports = choice(args, 'ports', ['keep', 'service', 'ignore'] as const);
  const lookups = await lookupsFor(grouping);
  return {
    ...(grouping ? { grouping } : {}),
    ...(lookups ? { lookups } : {}),
    ...(aliases ? { aliases: await loadAliasTable(aliases) } : {}),
    ...(endpoints ? { endpoints } : {}),
    ...(ports ? { ports } : {}),
    ...(weight ? { weight: parseWeight(weight) } : {}),
    ...(action ? { action: parseAction(action) } : {}),
    ...(key ? { pseudonymizeKey: key } : {}),
    undirected: boolOpt(args, 'undirected'),
    minCount: intOpt(args, 'min-count', 0),
    top: intOpt(args, 'top', 0),
    protocols: listOpt(args, 'protocol').map(parseProtocol),
    portFilter: listOpt(args, 'port').map(parsePort),
    focus: [...listOpt(args, 'ip'), ...listOpt(args, 'cidr')],
  };
}

export function formatFrom(args: ParsedArgs, fallback: RendererName): RendererName {
  const f = stringOpt(args, 'format') ?? fallback;
  if (!isRendererName(f)) {
    throw new FlowError(
      'FLOW_USAGE',
      `--format must be one of ${RENDERER_NAMES.join(', ')}, got '${f}'`,
    );
  }
  return f;
}

/** Reads the SOURCEs (raw logs or saved digests) for a window and builds one graph. */
export async function graphFromSources(
  args: ParsedArgs,
  io: CliIo,
  options: GraphOptions,
  window: TimeWindow | undefined,
): Promise<FlowGraph> {
  if (args.positionals.length === 0) {
    throw new FlowError(
      'FLOW_USAGE',
      'no SOURCE given (a path, a directory, - or s3://bucket/prefix)',
    );
  }
  const sources = openSources(args.positionals, sourceOptionsFrom(args, io.env, io.stdin));
  const stats = createIngestStats();
  const logFormat = layoutFrom(args);
  const started = Date.now();
  const batches = readFlows(sources, {
    stats,
    ...(window ? { window } : {}),
    ...(logFormat ? { logFormat } : {}),
  });
  const graph = await buildGraph(batches, options);
  if (window) {
    graph.attributes.window = { start: window.start, stop: window.stop };
  }
  if (!boolOpt(args, 'quiet')) {
    const extra = [`${graph.nodes.size} nodes, ${graph.edges.size} edges`];
    if (splitByEphemeralPorts(graph, stats.kept)) {
      extra.push(
        'most edges are single flows told apart by their ephemeral ports: --ports service ' +
          '(the ephemeral port as 0, as in a digest) or --ports ignore merges them',
      );
    }
    io.stderr.write(humanSummary(stats, (Date.now() - started) / 1000, extra));
  }
  return graph;
}

/** True when ports are kept and over half the edges hold one flow each, among many. */
function splitByEphemeralPorts(graph: FlowGraph, kept: number): boolean {
  if (graph.attributes.ports !== 'keep' || kept < 1000) {
    return false;
  }
  let single = 0;
  for (const e of graph.edges.values()) {
    single += e.attributes.flows === 1 ? 1 : 0;
  }
  return single * 2 > graph.edges.size;
}

export async function writeGraph(
  graph: FlowGraph,
  format: RendererName,
  args: ParsedArgs,
  io: CliIo,
): Promise<void> {
  const chunks =
    format === 'svg'
      ? [await renderToString(graph, format)]
      : (renderers[format].render(graph) as Iterable<string>);
  await writeOutput(chunks, stringOpt(args, 'output'), io.stdout);
}

export const OUTPUT_OPTIONS = {
  format: { type: 'string', arg: RENDERER_NAMES.join('|'), help: 'output format (default dot)' },
  output: {
    type: 'string',
    short: 'o',
    arg: 'FILE',
    help: 'write here (atomically) instead of stdout',
  },
  quiet: { type: 'boolean', short: 'q', help: 'no summary on stderr' },
} as const satisfies OptionTable;

const OPTIONS = {
  ...SOURCE_OPTIONS,
  ...OUTPUT_OPTIONS,
  ...GRAPH_OPTIONS,
} as const satisfies OptionTable;

const USAGE = `Usage: flowlens graph [--start T --stop T] [--format FORMAT] [options] SOURCE...

Builds one graph from flow logs or saved digests: nodes are endpoints (IPs, CIDRs, aliases or
AWS services), edges keep direction, ports, protocol, action, account and ENI, weighted by
flows, packets and bytes. Formats: ${RENDERER_NAMES.join(', ')} (json is a graphology
serialized graph, see docs/graph-json.md; svg is laid out by Graphviz compiled to WebAssembly).

Options:
${formatOptions(OPTIONS)}

Examples:
  flowlens graph --start 2026-11-22T00:00:00Z --stop 2026-11-22T01:00:00Z logs/ > graph.dot
  flowlens graph --format svg --aliases known-ips.csv --undirected --ports ignore -o g.svg logs/
  flowlens graph --format vis --min-count 10 --top 50 --pseudonymize "$KEY" logs/ > graph.json
  flowlens graph --group asn --undirected --ports ignore --format svg -o by-asn.svg logs/
`;

export const graphCommand: Command = {
  name: 'graph',
  summary: 'Draw flow logs as a graph (dot, json, graphml, mermaid, force-graph, vis, svg).',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    const format = formatFrom(args, 'dot');
    const options = await graphOptionsFrom(args);
    const graph = await graphFromSources(args, io, options, windowFrom(args));
    await writeGraph(graph, format, args, io);
    return 0;
  },
};
