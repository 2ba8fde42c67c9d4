import { AthenaEngine } from '../analytics/athena-engine.ts';
import { LAYOUT_NAMES, PARTITION_LAYOUTS, type LayoutName } from '../analytics/athena-layouts.ts';
import type { QueryScope } from '../analytics/query-builder.ts';
import { FlowError } from '../model/errors.ts';
import { listOpt, stringOpt, type OptionTable, type ParsedArgs } from './args.ts';
import type { CliIo } from './command.ts';
import { sourceOptionsFrom, windowFrom } from './source-options.ts';

/** Options of `--engine athena`, shared by `flowlens query` and `flowlens digest`. */
export const ATHENA_OPTIONS = {
  database: { type: 'string', arg: 'DB', help: 'athena: database' },
  table: { type: 'string', arg: 'TABLE', help: 'athena: table (default vpc_flow_logs)' },
  workgroup: { type: 'string', arg: 'NAME', help: 'athena: workgroup' },
  'output-location': { type: 'string', arg: 's3://…', help: 'athena: query result location' },
  layout: {
    type: 'string',
    arg: LAYOUT_NAMES,
    help: 'athena: table layout (partition pruning)',
  },
  'athena-endpoint': { type: 'string', arg: 'URL', help: 'athena: endpoint override' },
} as const satisfies OptionTable;

/** An Athena engine for `--database` (and workgroup, output location, region, endpoint). */
export function athenaEngineFrom(args: ParsedArgs, io: CliIo): AthenaEngine {
  const database = stringOpt(args, 'database');
  if (!database) {
    throw new FlowError('FLOW_USAGE', '--engine athena needs --database');
  }
  const o = sourceOptionsFrom(args, io.env, io.stdin);
  const opt = (n: string) => stringOpt(args, n);
  return new AthenaEngine({
    database,
    ...(opt('workgroup') ? { workgroup: opt('workgroup')! } : {}),
    ...(opt('output-location') ? { outputLocation: opt('output-location')! } : {}),
    ...(o.region ? { region: o.region } : {}),
    ...(opt('athena-endpoint') ? { endpoint: opt('athena-endpoint')! } : {}),
  });
}

/** The Athena table, window, accounts and partition layout (so projection prunes). */
export function athenaScope(args: ParsedArgs): QueryScope {
  const window = windowFrom(args);
  const layout = (stringOpt(args, 'layout') ?? 'daily') as LayoutName;
  if (!(layout in PARTITION_LAYOUTS)) {
    throw new FlowError(
      'FLOW_USAGE',
      `--layout must be one of ${Object.keys(PARTITION_LAYOUTS).join(', ')}`,
    );
  }
  return {
    table: `${stringOpt(args, 'database')}.${stringOpt(args, 'table') ?? 'vpc_flow_logs'}`,
    ...(window ? { window } : {}),
    accounts: listOpt(args, 'accounts'),
    partitions: PARTITION_LAYOUTS[layout],
  };
}
