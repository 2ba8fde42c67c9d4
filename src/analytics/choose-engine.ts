import { digestSources, type DigestResult } from '../aggregate/digest-sources.ts';
import { FlowError } from '../model/errors.ts';
import { createIngestStats } from '../model/ingest-stats.ts';
import type { ReadOptions } from '../sources/read-flows.ts';
import type { Source } from '../sources/source.ts';
import type { QueryEngine } from './duckdb-engine.ts';
import { buildDigestQuery, type QueryScope } from './query-builder.ts';
import { digestFromRows } from './query-results.ts';

/** `--engine` of the ordinary commands; `auto` picks DuckDB for local Parquet. */
export const ENGINE_CHOICES = ['auto', 'stream', 'duckdb', 'athena'] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];
export type ResolvedEngine = Exclude<EngineChoice, 'auto'>;

export function parseEngineChoice(value: string | undefined): EngineChoice {
  const v = value ?? 'auto';
  if (!(ENGINE_CHOICES as readonly string[]).includes(v)) {
    throw new FlowError('FLOW_USAGE', `--engine must be one of ${ENGINE_CHOICES.join(', ')}`);
  }
  return v as EngineChoice;
}

/** True when every source is a local path and every object under it is a `.parquet` file. */
export async function allLocalParquet(sources: readonly Source[]): Promise<boolean> {
  let seen = false;
  for (const s of sources) {
    if (s.kind !== 'file') {
      return false;
    }
    for await (const o of s.objects({ stats: createIngestStats() })) {
      if (o.envelope !== 'parquet') {
        return false;
      }
      seen = true;
    }
  }
  return seen;
}

/**
 * `auto` → DuckDB when every source is local Parquet and no window applies (a window sends
 * every record through the parser anyway), otherwise the streaming core.
 */
export async function resolveEngine(
  choice: EngineChoice,
  sources: readonly Source[],
  opts: Pick<ReadOptions, 'window'> = {},
): Promise<ResolvedEngine> {
  if (choice !== 'auto') {
    return choice;
  }
  return !opts.window && (await allLocalParquet(sources)) ? 'duckdb' : 'stream';
}

async function digestWithDuckDb(sources: readonly Source[], opts: ReadOptions) {
  // DuckDB loads only when chosen: the streaming digest starts faster without it.
  const { DuckDbEngine } = await import('./duckdb-engine.ts');
  const engine = await DuckDbEngine.create();
  try {
    await engine.load(sources, opts);
    const digest = digestFromRows(await engine.run(buildDigestQuery()));
    return { digest, stats: await engine.ingestStats() };
  } finally {
    await engine.close();
  }
}

/**
 * An Athena digest: the table is the input, so there is nothing read locally to report
 * (empty reading statistics).
 */
async function digestWithAthena(engine: QueryEngine, scope: QueryScope): Promise<DigestResult> {
  try {
    const digest = digestFromRows(await engine.run(buildDigestQuery(scope)));
    return { digest, stats: createIngestStats() };
  } finally {
    await engine.close();
  }
}

export interface EngineInputs {
  readonly sources: readonly Source[];
  readonly read: ReadOptions;
  /** For `athena`: opens the engine and gives the table scope (built only when chosen). */
  readonly athena?: () => { engine: QueryEngine; scope: QueryScope };
}

const DIGESTERS = {
  stream: (i: EngineInputs) => digestSources(i.sources, i.read),
  duckdb: (i: EngineInputs) => digestWithDuckDb(i.sources, i.read),
  athena: (i: EngineInputs) => {
    if (!i.athena) {
      throw new FlowError('FLOW_USAGE', 'this command cannot use --engine athena');
    }
    const { engine, scope } = i.athena();
    return digestWithAthena(engine, scope);
  },
} as const satisfies Record<ResolvedEngine, (i: EngineInputs) => Promise<DigestResult>>;

/** The digest through the chosen engine; the output is the same whichever runs it. */
export async function digestWith(engine: ResolvedEngine, inputs: EngineInputs) {
  return DIGESTERS[engine](inputs);
}
