import { PartitionedWriter } from '../../analytics/partitioned-writer.ts';
import { FlowError } from '../../model/errors.ts';
import { createIngestStats } from '../../model/ingest-stats.ts';
import { readFlows } from '../../sources/read-flows.ts';
import { openSources } from '../../sources/index.ts';
import {
  boolOpt,
  formatOptions,
  intOpt,
  parseCommandArgs,
  stringOpt,
  type OptionTable,
} from '../args.ts';
import type { Command } from '../command.ts';
import { humanSummary } from '../report.ts';
import { SOURCE_OPTIONS, layoutFrom, sourceOptionsFrom, windowFrom } from '../source-options.ts';

const OPTIONS = {
  ...SOURCE_OPTIONS,
  to: { type: 'string', arg: 'parquet', help: 'output format (only parquet)' },
  output: { type: 'string', short: 'o', arg: 'DIR', help: 'output directory (required)' },
  'default-region': {
    type: 'string',
    arg: 'REGION',
    help: "partition region for records without a region field (default 'unknown')",
  },
  'row-group-rows': {
    type: 'string',
    arg: 'N',
    help: 'rows per Parquet row group (default 65536)',
  },
  quiet: { type: 'boolean', short: 'q', help: 'no summary on stderr' },
} as const satisfies OptionTable;

const USAGE = `Usage: flowlens convert --to parquet --output DIR [options] SOURCE...

Converts flow logs from any source into Parquet with AWS's column names and types, partitioned
the Hive way: DIR/AWSLogs/aws-account-id=…/aws-service=vpcflowlogs/aws-region=…/year=…/month=…/day=…/.
Memory stays bounded (row groups are flushed as they fill). Query the result with
'flowlens query' or Athena ('flowlens athena ddl --format parquet --layout hive').

Options:
${formatOptions(OPTIONS)}
`;

export const convertCommand: Command = {
  name: 'convert',
  summary: 'Convert flow logs to Hive-partitioned Parquet.',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    const output = stringOpt(args, 'output');
    if ((stringOpt(args, 'to') ?? 'parquet') !== 'parquet' || !output) {
      throw new FlowError('FLOW_USAGE', 'convert needs --to parquet and --output DIR');
    }
    if (args.positionals.length === 0) {
      throw new FlowError('FLOW_USAGE', 'no SOURCE given');
    }
    const window = windowFrom(args);
    const logFormat = layoutFrom(args);
    const sources = openSources(args.positionals, sourceOptionsFrom(args, io.env, io.stdin));
    const defaultRegion = stringOpt(args, 'default-region');
    const writer = new PartitionedWriter({
      dir: output,
      rowGroupRows: intOpt(args, 'row-group-rows', 65536, 1),
      ...(defaultRegion ? { defaultRegion } : {}),
    });
    const started = Date.now();
    const stats = createIngestStats();
    for await (const batch of readFlows(sources, {
      stats,
      ...(window ? { window } : {}),
      ...(logFormat ? { logFormat } : {}),
    })) {
      batch.forEach((r) => writer.add(r));
    }
    const files = writer.close();
    if (!boolOpt(args, 'quiet')) {
      const extra = [
        `${writer.written} records into ${files.length} Parquet file(s) under ${output}`,
      ];
      if (writer.skipped > 0) {
        extra.push(`${writer.skipped} records without a start time not written`);
      }
      io.stderr.write(humanSummary(stats, (Date.now() - started) / 1000, extra));
    }
    return 0;
  },
};
