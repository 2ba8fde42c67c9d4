import { LINK_MODES, linkGraphOptions, type LinkMode } from '../../graph/links.ts';
import { FlowError } from '../../model/errors.ts';
import type { TimeWindow } from '../../model/flow-record.ts';
import {
  formatOptions,
  intOpt,
  parseCommandArgs,
  stringOpt,
  type OptionTable,
  type ParsedArgs,
} from '../args.ts';
import type { Command } from '../command.ts';
import { SOURCE_OPTIONS, windowFrom } from '../source-options.ts';
import {
  OUTPUT_OPTIONS,
  formatFrom,
  graphFromSources,
  graphOptionsFrom,
  writeGraph,
} from './graph.ts';

const OPTIONS = {
  days: { type: 'string', arg: 'N', help: 'window: from UTC midnight N days ago until now' },
  cidr: {
    type: 'string',
    arg: 'CIDR',
    help: 'inspect/rejects: keep links whose ends are the IP or in CIDR',
  },
  ...OUTPUT_OPTIONS,
  format: { type: 'string', arg: 'FORMAT', help: 'force-graph (default) or any graph format' },
  ...SOURCE_OPTIONS,
} as const satisfies OptionTable;

const USAGE = `Usage: flowlens links inspect IP [--cidr CIDR] [--days N | --start T --stop T] SOURCE...
       flowlens links rejects IP [--cidr CIDR] [--days N | --start T --stop T] SOURCE...
       flowlens links correlate IP,IP,... [--days N | --start T --stop T] SOURCE...

What talks to these IPs (flow-optics, fixed): inspect = all traffic to or from IP; rejects =
the same, action REJECT only; correlate = traffic between the listed IPs. Writes flow-optics'
force-graph JSON (source-port labels, HP for ports >= 1023) or any --format of 'flowlens graph'.

Options:
${formatOptions(OPTIONS)}

Example:
  flowlens links rejects 10.0.1.5 --cidr 10.0.0.0/16 --days 7 s3://flow-logs/AWSLogs/ > data.json
`;

function daysWindow(args: ParsedArgs, now = Date.now()): TimeWindow | undefined {
  if (stringOpt(args, 'days') === undefined) {
    return windowFrom(args);
  }
  if (stringOpt(args, 'start') !== undefined || stringOpt(args, 'stop') !== undefined) {
    throw new FlowError('FLOW_USAGE', 'use either --days or --start/--stop');
  }
  const days = intOpt(args, 'days', 1, 0);
  const midnight = Math.floor(now / 86_400_000) * 86_400;
  return { start: midnight - days * 86_400, stop: Math.floor(now / 1000) + 60 };
}

export const linksCommand: Command = {
  name: 'links',
  summary: 'What talks to these IPs: inspect, rejects, correlate (flow-optics, fixed).',
  usage: USAGE,
  async run(argv, io) {
    const [mode, ips, ...rest] = argv;
    if (!mode || !(LINK_MODES as readonly string[]).includes(mode) || ips === undefined) {
      throw new FlowError(
        'FLOW_USAGE',
        `usage: flowlens links ${LINK_MODES.join('|')} IP[,IP...] [options] SOURCE...`,
      );
    }
    const args = parseCommandArgs(rest, OPTIONS);
    const cidr = stringOpt(args, 'cidr');
    const query = {
      mode: mode as LinkMode,
      ips: ips.split(',').filter(Boolean),
      ...(cidr ? { cidr } : {}),
    };
    const options = linkGraphOptions(
      query,
      await graphOptionsFrom({ values: {}, positionals: [] }),
    );
    const graph = await graphFromSources(args, io, options, daysWindow(args));
    await writeGraph(graph, formatFrom(args, 'force-graph'), args, io);
    return 0;
  },
};
