import { writeFile } from 'node:fs/promises';
import { digestWith, parseEngineChoice, resolveEngine } from '../../analytics/choose-engine.ts';
import { digestWriters, type DigestFormat } from '../../aggregate/digest-writers.ts';
import { FlowError } from '../../model/errors.ts';
import { problemSkips } from '../../model/ingest-stats.ts';
import { openSources } from '../../sources/index.ts';
import { boolOpt, formatOptions, parseCommandArgs, stringOpt, type OptionTable } from '../args.ts';
import { ATHENA_OPTIONS, athenaEngineFrom, athenaScope } from '../athena-options.ts';
import type { Command } from '../command.ts';
import { humanSummary, progressPrinter, statsSummary } from '../report.ts';
import { SOURCE_OPTIONS, layoutFrom, sourceOptionsFrom, windowFrom } from '../source-options.ts';
import { writeOutput } from '../write-output.ts';

const OPTIONS = {
  ...SOURCE_OPTIONS,
  format: {
    type: 'string',
    arg: 'digest|json|csv',
    help: 'output format (default: digest, v2 lines as digesterd)',
  },
  output: {
    type: 'string',
    short: 'o',
    arg: 'FILE',
    help: 'write the digest here (atomically) instead of stdout',
  },
  'stats-file': { type: 'string', arg: 'FILE', help: 'write the reading summary as JSON' },
  strict: {
    type: 'boolean',
    help: 'exit 1 if any record or object was skipped as bad or unreadable (window filtering is not a skip)',
  },
  quiet: { type: 'boolean', short: 'q', help: 'no summary on stderr' },
  engine: {
    type: 'string',
    arg: 'auto|stream|duckdb|athena',
    help: 'auto (default): DuckDB when every SOURCE is local Parquet and no window, else stream',
  },
  ...ATHENA_OPTIONS,
} as const satisfies OptionTable;

const USAGE = `Usage: flowlens digest [options] SOURCE...

Digests flow logs the way vpcflow-digesterd did (ephemeral ports zeroed, packets and bytes
summed per flow key, one global start/end), for records whose start lies in [--start, --stop).

--engine picks who computes it, with the same output: the streaming core (stream), DuckDB over
Parquet read in place (duckdb; other input is streamed into temporary Parquet), or Amazon Athena
over --database/--table (athena; no SOURCE). The default, auto, is DuckDB when every SOURCE is
local Parquet (.parquet files or directories holding only them) and no window is given.

SOURCE is a file, a directory (recursive), '-' for stdin, or s3://bucket/prefix. Gzip,
concatenated gzip, plain text, CloudWatch Logs subscription payloads and Firehose records are
detected automatically; text files are parsed by their header line.

Options:
${formatOptions(OPTIONS)}

Exit status: 0 when the input was read (skipped lines are counted in the summary), 1 when a
source cannot be read or --strict saw a skip, 2 for usage errors.

Example:
  flowlens digest --start 2026-11-22T00:00:00Z --stop 2026-11-22T01:00:00Z logs/ > digest.log
`;

export const digestCommand: Command = {
  name: 'digest',
  summary: 'Digest flow logs for a time window (vpcflow-digesterd compatible).',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    const format = (stringOpt(args, 'format') ?? 'digest') as DigestFormat;
    if (!(format in digestWriters)) {
      throw new FlowError(
        'FLOW_USAGE',
        `--format must be one of ${Object.keys(digestWriters).join(', ')}`,
      );
    }
    const choice = parseEngineChoice(stringOpt(args, 'engine'));
    if (args.positionals.length === 0 && choice !== 'athena') {
      throw new FlowError(
        'FLOW_USAGE',
        'no SOURCE given (a path, a directory, - or s3://bucket/prefix)',
      );
    }
    const window = windowFrom(args);
    const logFormat = layoutFrom(args);
    const sources = openSources(args.positionals, sourceOptionsFrom(args, io.env, io.stdin));
    const started = Date.now();
    const progress = progressPrinter(io.stderr, started);
    const engine = await resolveEngine(choice, sources, window ? { window } : {});
    const { digest, stats } = await digestWith(engine, {
      sources,
      read: {
        ...(window ? { window } : {}),
        ...(logFormat ? { logFormat } : {}),
        onProgress: (s) => progress.tick(s),
      },
      athena: () => ({ engine: athenaEngineFrom(args, io), scope: athenaScope(args) }),
    });
    progress.done();
    await writeOutput(digestWriters[format](digest), stringOpt(args, 'output'), io.stdout);
    const seconds = (Date.now() - started) / 1000;
    const statsFile = stringOpt(args, 'stats-file');
    if (statsFile) {
      const summary = statsSummary(stats, seconds, { flows: digest.entries.length });
      await writeFile(statsFile, JSON.stringify(summary, null, 2) + '\n');
    }
    if (!boolOpt(args, 'quiet')) {
      io.stderr.write(humanSummary(stats, seconds, [`${digest.entries.length} digest lines`]));
    }
    if (boolOpt(args, 'strict') && problemSkips(stats) > 0) {
      io.stderr.write(
        `flowlens: --strict: ${problemSkips(stats)} bad or unreadable record(s) or object(s) skipped\n`,
      );
      return 1;
    }
    return 0;
  },
};
