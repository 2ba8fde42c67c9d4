import { createGraphBuilder } from '../../graph/build-graph.ts';
import { writeDotDiff } from '../../graph/diff-dot.ts';
import { writeJsonDiff } from '../../graph/diff-json.ts';
import type { FlowGraph } from '../../graph/flow-graph.ts';
import { graphSourceFromGraph, openGraphFile, type GraphSource } from '../../graph/graph-source.ts';
import { parseWeight } from '../../graph/graph-options.ts';
import { FlowError } from '../../model/errors.ts';
import { inWindow, type TimeWindow } from '../../model/flow-record.ts';
import { createIngestStats } from '../../model/ingest-stats.ts';
import { parseRfc3339, truncateToMinute } from '../../model/time.ts';
import { openSources } from '../../sources/index.ts';
import { readFlows } from '../../sources/read-flows.ts';
import {
  formatOptions,
  parseCommandArgs,
  stringOpt,
  type OptionTable,
  type ParsedArgs,
} from '../args.ts';
import type { CliIo, Command } from '../command.ts';
import { SOURCE_OPTIONS, layoutFrom, sourceOptionsFrom } from '../source-options.ts';
import { GRAPH_OPTIONS, graphOptionsFrom } from './graph.ts';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

const { start: _s, stop: _t, ...READ_OPTIONS } = SOURCE_OPTIONS;

const OPTIONS = {
  'previous-start': { type: 'string', arg: 'RFC3339', help: 'previous window start (inclusive)' },
  'previous-stop': { type: 'string', arg: 'RFC3339', help: 'previous window stop (exclusive)' },
  'next-start': { type: 'string', arg: 'RFC3339', help: 'next window start (inclusive)' },
  'next-stop': { type: 'string', arg: 'RFC3339', help: 'next window stop (exclusive)' },
  format: { type: 'string', arg: 'dot|json', help: 'dot (diffd compatible, default) or json' },
  output: { type: 'string', short: 'o', arg: 'FILE', help: 'write here instead of stdout' },
  ...READ_OPTIONS,
  ...GRAPH_OPTIONS,
} as const satisfies OptionTable;

const USAGE = `Usage: flowlens diff --previous-start T --previous-stop T --next-start T --next-stop T
                     [--format dot|json] [options] SOURCE...
       flowlens diff [--format dot|json] PREV_GRAPH NEXT_GRAPH

Compares two windows of the same flow logs (read once), or two saved graphs (flowlens DOT or
JSON, or vpcflow-grapherd DOT). As vpcflow-diffd: an edge is the same when its endpoints,
account, ENI, ports, protocol and colour match; volumes are ignored; ACCEPT↔REJECT is a removal
plus an addition. --format dot prints only ADDED/REMOVED edges (label suffix \\ndiff=…,
govpc_diff attribute) and the nodes they touch. --format json adds changed volumes (before,
after, ratio), new and vanished nodes, and pairs that became rejected.

Options:
${formatOptions(OPTIONS)}

Examples:
  flowlens diff --previous-start 2026-11-21T00:00:00Z --previous-stop 2026-11-21T01:00:00Z \\
    --next-start 2026-11-22T00:00:00Z --next-stop 2026-11-22T01:00:00Z logs/ > diff.dot
  flowlens diff --format json monday.json tuesday.dot > diff.json
`;

function windowOf(args: ParsedArgs, which: 'previous' | 'next'): TimeWindow {
  const [a, b] = [stringOpt(args, `${which}-start`), stringOpt(args, `${which}-stop`)];
  if (a === undefined || b === undefined) {
    throw new FlowError('FLOW_USAGE', `--${which}-start and --${which}-stop are both required`);
  }
  const w = {
    start: truncateToMinute(parseRfc3339(a, `--${which}-start`)),
    stop: truncateToMinute(parseRfc3339(b, `--${which}-stop`)),
  };
  if (w.start >= w.stop) {
    throw new FlowError('FLOW_TIME_INVALID', `--${which}-start must be before --${which}-stop`);
  }
  return w;
}

/** Reads the sources once for the union of both windows and routes each record to its window(s). */
async function windowGraphs(args: ParsedArgs, io: CliIo): Promise<[FlowGraph, FlowGraph]> {
  const [pw, nw] = [windowOf(args, 'previous'), windowOf(args, 'next')];
  if (nw.start < pw.start) {
    throw new FlowError(
      'FLOW_TIME_INVALID',
      'the next window must not start before the previous one',
    );
  }
  if (args.positionals.length === 0) {
    throw new FlowError(
      'FLOW_USAGE',
      'no SOURCE given (a path, a directory, - or s3://bucket/prefix)',
    );
  }
  const options = await graphOptionsFrom(args);
  const [prev, next] = [createGraphBuilder(options), createGraphBuilder(options)];
  const sources = openSources(args.positionals, sourceOptionsFrom(args, io.env, io.stdin));
  const logFormat = layoutFrom(args);
  const window = { start: pw.start, stop: Math.max(pw.stop, nw.stop) };
  for await (const batch of readFlows(sources, {
    window,
    stats: createIngestStats(),
    ...(logFormat ? { logFormat } : {}),
  })) {
    for (const r of batch) {
      if (inWindow(pw, r.start)) {
        prev.add(r);
      }
      if (inWindow(nw, r.start)) {
        next.add(r);
      }
    }
  }
  return [prev.finish(), next.finish()];
}

async function inputs(args: ParsedArgs, io: CliIo): Promise<[GraphSource, GraphSource]> {
  if (
    stringOpt(args, 'previous-start') !== undefined ||
    stringOpt(args, 'next-start') !== undefined
  ) {
    const [p, n] = await windowGraphs(args, io);
    return [graphSourceFromGraph(p, 'previous'), graphSourceFromGraph(n, 'next')];
  }
  if (args.positionals.length !== 2) {
    throw new FlowError(
      'FLOW_USAGE',
      'give two saved graphs (PREV_GRAPH NEXT_GRAPH) or the four window flags',
    );
  }
  return [
    await openGraphFile(args.positionals[0] ?? ''),
    await openGraphFile(args.positionals[1] ?? ''),
  ];
}

async function withOutput(
  path: string | undefined,
  io: CliIo,
  write: (out: Writable) => Promise<unknown>,
): Promise<void> {
  if (path === undefined || path === '-') {
    await write(io.stdout);
    return;
  }
  const out = createWriteStream(path);
  await once(out, 'open').catch((e: unknown) => {
    throw new FlowError('FLOW_STORAGE', `cannot write ${path}: ${(e as Error).message}`, {
      cause: e,
    });
  });
  await write(out);
  out.end();
  await once(out, 'finish');
}

export const diffCommand: Command = {
  name: 'diff',
  summary: 'Compare two windows or two saved graphs (vpcflow-diffd compatible DOT, or JSON).',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    const format = stringOpt(args, 'format') ?? 'dot';
    if (format !== 'dot' && format !== 'json') {
      throw new FlowError('FLOW_USAGE', `--format must be dot or json, got '${format}'`);
    }
    const weightText = stringOpt(args, 'weight');
    const weight = weightText === undefined ? 'bytes' : parseWeight(weightText);
    const [prev, next] = await inputs(args, io);
    await withOutput(stringOpt(args, 'output'), io, (out) =>
      format === 'dot' ? writeDotDiff(prev, next, out) : writeJsonDiff(prev, next, out, weight),
    );
    return 0;
  },
};
