import type { Readable } from 'node:stream';
import type { OptionTable, ParsedArgs } from './args.ts';
import { listOpt, stringOpt } from './args.ts';
import { FlowError } from '../model/errors.ts';
import type { TimeWindow } from '../model/flow-record.ts';
import { parseRfc3339, truncateToMinute } from '../model/time.ts';
import { parseLogFormat, type Layout } from '../sources/decode/log-format.ts';
import type { SourceOptions } from '../sources/source.ts';

/** Flags shared by every command that reads flow logs. */
export const SOURCE_OPTIONS = {
  start: {
    type: 'string',
    arg: 'RFC3339',
    help: 'window start (inclusive), truncated to the minute',
  },
  stop: {
    type: 'string',
    arg: 'RFC3339',
    help: 'window stop (exclusive), truncated to the minute',
  },
  'log-format': {
    type: 'string',
    arg: 'FORMAT',
    help: "format of headerless input, e.g. '${version} ${srcaddr} ...' (default: v2)",
  },
  endpoint: { type: 'string', arg: 'URL', help: 'S3-compatible endpoint for s3:// sources' },
  region: { type: 'string', arg: 'REGION', help: 'AWS region for API calls' },
  accounts: { type: 'string', arg: 'ID,...', help: 'S3: only these account ids' },
  regions: { type: 'string', arg: 'REGION,...', help: 'S3: only these flow-log regions' },
} as const satisfies OptionTable;

/** `--start/--stop` → a window truncated to the minute; either may be omitted. */
export function windowFrom(args: ParsedArgs): TimeWindow | undefined {
  const start = stringOpt(args, 'start');
  const stop = stringOpt(args, 'stop');
  if (start === undefined && stop === undefined) {
    return undefined;
  }
  const w = {
    start: start === undefined ? 0 : truncateToMinute(parseRfc3339(start, '--start')),
    stop:
      stop === undefined ? Number.MAX_SAFE_INTEGER : truncateToMinute(parseRfc3339(stop, '--stop')),
  };
  if (w.start >= w.stop) {
    throw new FlowError(
      'FLOW_TIME_INVALID',
      '--start must be before --stop (after truncation to the minute)',
    );
  }
  return w;
}

export function layoutFrom(args: ParsedArgs): Layout | undefined {
  const f = stringOpt(args, 'log-format');
  return f === undefined ? undefined : parseLogFormat(f);
}

export function sourceOptionsFrom(
  args: ParsedArgs,
  env: Readonly<Record<string, string | undefined>>,
  stdin?: Readable,
): SourceOptions {
  const endpoint = stringOpt(args, 'endpoint') ?? env.FLOWLENS_S3_ENDPOINT;
  const region = stringOpt(args, 'region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const f = stringOpt(args, 'log-format');
  return {
    ...(endpoint ? { endpoint } : {}),
    ...(region ? { region } : {}),
    accounts: listOpt(args, 'accounts'),
    regions: listOpt(args, 'regions'),
    ...(f ? { logFormat: parseLogFormat(f).names } : {}),
    ...(stdin ? { stdin } : {}),
  };
}
