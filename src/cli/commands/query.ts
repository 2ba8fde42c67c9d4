import { writeFile } from 'node:fs/promises';
import { DuckDbEngine, type QueryEngine, type Row } from '../../analytics/duckdb-engine.ts';
import {
  buildDigestQuery,
  buildGraphQuery,
  buildLinksQuery,
  buildTopTalkersQuery,
  type BuiltQuery,
  type LinksMode,
  type QueryScope,
  type TalkerKey,
} from '../../analytics/query-builder.ts';
import { digestFromRows } from '../../analytics/query-results.ts';
import { digestWriters } from '../../aggregate/digest-writers.ts';
import { FlowError } from '../../model/errors.ts';
import { openSources } from '../../sources/index.ts';
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
import { ATHENA_OPTIONS, athenaEngineFrom, athenaScope } from '../athena-options.ts';
import type { CliIo, Command } from '../command.ts';
import { SOURCE_OPTIONS, layoutFrom, sourceOptionsFrom, windowFrom } from '../source-options.ts';
import { humanSummary, statsSummary } from '../report.ts';
import { writeOutput } from '../write-output.ts';

const OPTIONS = {
  ...SOURCE_OPTIONS,
  sql: { type: 'string', arg: 'SQL', help: "free SQL against the 'flows' view (DuckDB only)" },
  engine: { type: 'string', arg: 'duckdb|athena', help: 'query engine (default duckdb)' },
  format: {
    type: 'string',
    arg: 'csv|json',
    help: 'row output (default csv; digest: digest lines)',
  },
  inspect: { type: 'string', arg: 'IP', help: 'links: flows from or to IP' },
  rejects: { type: 'string', arg: 'IP', help: 'links: rejected flows from or to IP' },
  correlate: { type: 'string', arg: 'IP,...', help: 'links: flows among these IPs' },
  by: { type: 'string', arg: 'src|dst|pair', help: 'top-talkers key (default src)' },
  limit: { type: 'string', arg: 'N', help: 'top-talkers count (default 10)' },
  ...ATHENA_OPTIONS,
  'stats-file': { type: 'string', arg: 'FILE', help: 'duckdb: write the reading summary as JSON' },
  quiet: { type: 'boolean', short: 'q', help: 'duckdb: no reading summary on stderr' },
} as const satisfies OptionTable;

const USAGE = `Usage: flowlens query --sql 'SELECT …' SOURCE...
       flowlens query digest|graph|links|top-talkers [options] [SOURCE...]

With DuckDB (default) SOURCEs are read locally: .parquet files in place, anything else (text,
gzip, S3 via our sources) streamed through the parser into temporary Parquet. The 'flows' view
has one column per flow-log field, underscore spelling (account_id, log_status, "start", "end").
With --engine athena the builder's queries run in Amazon Athena against --database/--table
(see 'flowlens athena ddl'); values are bound as ExecutionParameters, never spliced into SQL.

Options:
${formatOptions(OPTIONS)}
`;

function linksMode(args: ParsedArgs): LinksMode {
  const inspect = stringOpt(args, 'inspect');
  const rejects = stringOpt(args, 'rejects');
  const correlate = listOpt(args, 'correlate');
  if (inspect) {
    return { mode: 'inspect', ip: inspect };
  }
  if (rejects) {
    return { mode: 'rejects', ip: rejects };
  }
  if (correlate.length > 0) {
    return { mode: 'correlate', ips: correlate };
  }
  throw new FlowError('FLOW_USAGE', 'links needs --inspect IP, --rejects IP or --correlate IP,…');
}

const BUILDERS = {
  digest: (_a: ParsedArgs, s: QueryScope) => buildDigestQuery(s),
  graph: (_a: ParsedArgs, s: QueryScope) => buildGraphQuery(s),
  links: (a: ParsedArgs, s: QueryScope) => buildLinksQuery(linksMode(a), s),
  'top-talkers': (a: ParsedArgs, s: QueryScope) =>
    buildTopTalkersQuery((stringOpt(a, 'by') ?? 'src') as TalkerKey, intOpt(a, 'limit', 10, 1), s),
} as const satisfies Record<string, (a: ParsedArgs, s: QueryScope) => BuiltQuery>;

function csv(rows: readonly Row[]): string[] {
  const cols = Object.keys(rows[0] ?? {});
  const cell = (v: unknown) => {
    const s = v === null ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(',') + '\n', ...rows.map((r) => cols.map((c) => cell(r[c])).join(',') + '\n')];
}

function render(kind: string, rows: readonly Row[], format: string | undefined): Iterable<string> {
  if (kind === 'digest' && (format ?? 'digest') in digestWriters) {
    return digestWriters[(format ?? 'digest') as keyof typeof digestWriters](digestFromRows(rows));
  }
  return format === 'json' ? [JSON.stringify(rows, null, 2) + '\n'] : csv(rows);
}

async function openEngine(args: ParsedArgs, io: CliIo, local: boolean): Promise<QueryEngine> {
  if ((stringOpt(args, 'engine') ?? 'duckdb') === 'athena' && !local) {
    return athenaEngineFrom(args, io);
  }
  if (args.positionals.length === 0) {
    throw new FlowError('FLOW_USAGE', 'no SOURCE given');
  }
  const duck = await DuckDbEngine.create();
  const window = windowFrom(args);
  const logFormat = layoutFrom(args);
  await duck.load(openSources(args.positionals, sourceOptionsFrom(args, io.env, io.stdin)), {
    ...(window ? { window } : {}),
    ...(logFormat ? { logFormat } : {}),
  });
  return duck;
}

function scopeFor(args: ParsedArgs): QueryScope {
  const window = windowFrom(args);
  const accounts = listOpt(args, 'accounts');
  if ((stringOpt(args, 'engine') ?? 'duckdb') !== 'athena') {
    return { ...(window ? { window } : {}), accounts };
  }
  return athenaScope(args);
}

/**
 * What DuckDB read, as `flowlens digest` reports it: records, kept, skips by reason (Parquet read
 * in place faces the parser's rules in SQL), NODATA/SKIPDATA.
 */
async function reportReading(
  engine: DuckDbEngine,
  args: ParsedArgs,
  io: CliIo,
  seconds: number,
): Promise<void> {
  const statsFile = stringOpt(args, 'stats-file');
  if (!statsFile && boolOpt(args, 'quiet')) {
    return;
  }
  const stats = await engine.ingestStats();
  if (statsFile) {
    await writeFile(statsFile, JSON.stringify(statsSummary(stats, seconds), null, 2) + '\n');
  }
  if (!boolOpt(args, 'quiet')) {
    io.stderr.write(humanSummary(stats, seconds));
  }
}

export const queryCommand: Command = {
  name: 'query',
  summary: 'SQL over flow logs: DuckDB locally, Athena at scale.',
  usage: USAGE,
  async run(argv, io) {
    const [first, ...rest] = argv;
    const kind = first && first in BUILDERS ? (first as keyof typeof BUILDERS) : undefined;
    const args = parseCommandArgs(kind ? rest : argv, OPTIONS);
    const sql = stringOpt(args, 'sql');
    if (!kind && !sql) {
      throw new FlowError(
        'FLOW_USAGE',
        `give --sql or one of: ${Object.keys(BUILDERS).join(', ')}`,
      );
    }
    const started = Date.now();
    const engine = await openEngine(args, io, !kind);
    try {
      const q = kind ? BUILDERS[kind](args, scopeFor(args)) : { sql: sql!, params: [] };
      const rows = await engine.run(q);
      await writeOutput(
        render(kind ?? 'sql', rows, stringOpt(args, 'format')),
        undefined,
        io.stdout,
      );
      if (engine instanceof DuckDbEngine) {
        await reportReading(engine, args, io, (Date.now() - started) / 1000);
      }
    } finally {
      await engine.close();
    }
    return 0;
  },
};
