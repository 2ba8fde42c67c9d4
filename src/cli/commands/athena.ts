import { buildAthenaDdl } from '../../analytics/athena-ddl.ts';
import {
  LAYOUT_NAMES,
  PARTITION_LAYOUTS,
  type LayoutName,
} from '../../analytics/athena-layouts.ts';
import { FlowError } from '../../model/errors.ts';
import { parseLogFormat } from '../../sources/decode/log-format.ts';
import { formatOptions, listOpt, parseCommandArgs, stringOpt, type OptionTable } from '../args.ts';
import type { Command } from '../command.ts';

const OPTIONS = {
  bucket: { type: 'string', arg: 'NAME', help: 'flow-log bucket (required)' },
  prefix: { type: 'string', arg: 'P', help: 'prefix before AWSLogs/' },
  table: { type: 'string', arg: 'NAME', help: 'table name (default vpc_flow_logs)' },
  format: { type: 'string', arg: 'text|parquet', help: 'object format (default text)' },
  'log-format': { type: 'string', arg: 'FORMAT', help: "the flow log's fields (default: v2)" },
  layout: { type: 'string', arg: LAYOUT_NAMES, help: 'S3 key layout (default daily)' },
  regions: { type: 'string', arg: 'R,...', help: 'enumerate regions (default: injected)' },
  accounts: { type: 'string', arg: 'ID,...', help: 'enumerate accounts (default: injected)' },
  since: { type: 'string', arg: 'yyyy-mm-dd', help: 'first partition date (default 2021-01-01)' },
} as const satisfies OptionTable;

const USAGE = `Usage: flowlens athena ddl --bucket NAME [options]

Prints CREATE EXTERNAL TABLE for a VPC flow-log bucket, with partition projection over
account, region and day (or hour). Run it in Athena, then use
'flowlens query digest|graph|links|top-talkers --engine athena --database DB'.

Options:
${formatOptions(OPTIONS)}
`;

export const athenaCommand: Command = {
  name: 'athena',
  summary: 'Athena helpers: print the table DDL for a flow-log bucket.',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub !== 'ddl') {
      throw new FlowError('FLOW_USAGE', 'usage: flowlens athena ddl --bucket NAME (see --help)');
    }
    const args = parseCommandArgs(rest, OPTIONS);
    const bucket = stringOpt(args, 'bucket');
    const layout = (stringOpt(args, 'layout') ?? 'daily') as LayoutName;
    const format = stringOpt(args, 'format') ?? 'text';
    if (!bucket || !(layout in PARTITION_LAYOUTS) || (format !== 'text' && format !== 'parquet')) {
      throw new FlowError(
        'FLOW_USAGE',
        `need --bucket; --layout ${LAYOUT_NAMES}; --format text|parquet`,
      );
    }
    const logFormat = stringOpt(args, 'log-format');
    const opt = (n: string) => stringOpt(args, n);
    io.stdout.write(
      buildAthenaDdl({
        bucket,
        layout,
        format,
        regions: listOpt(args, 'regions'),
        accounts: listOpt(args, 'accounts'),
        ...(opt('prefix') ? { prefix: opt('prefix')! } : {}),
        ...(opt('table') ? { table: opt('table')! } : {}),
        ...(opt('since') ? { since: opt('since')! } : {}),
        ...(logFormat ? { fields: parseLogFormat(logFormat).names } : {}),
      }),
    );
    return 0;
  },
};
