import type { IngestStats } from '../model/ingest-stats.ts';
import { LineSplitter } from '../sources/decode/line-splitter.ts';
import type { Layout } from '../sources/decode/log-format.ts';
import { followFile } from './follow-file.ts';
import type { LivePipeline } from './live-pipeline.ts';
import { createLineParser } from './parse-lines.ts';

export interface TailOptions {
  readonly layout: Layout;
  readonly pipeline: LivePipeline;
  readonly stats: IngestStats;
  readonly signal: AbortSignal;
  readonly fromStart?: boolean;
  readonly pollMs?: number;
}

async function tailOne(path: string, o: TailOptions): Promise<void> {
  const parser = createLineParser(o.layout, o.stats);
  const splitter = new LineSplitter(parser.line, parser.tooLong);
  const chunks = followFile(path, {
    signal: o.signal,
    ...(o.fromStart ? { fromStart: true } : {}),
    ...(o.pollMs ? { pollMs: o.pollMs } : {}),
  });
  for await (const chunk of chunks) {
    splitter.push(chunk);
    const batch = parser.take();
    if (batch.length > 0) {
      await o.pipeline.publish(batch, 'tail');
    }
  }
}

/**
 * `flowlens tail`: follows each file like `tail -F` (rotation and truncation included), parses
 * complete lines with the core parser (a header line in the file sets its format) and feeds the
 * records to the live pipeline, until `signal` aborts.
 */
export async function tailFiles(paths: readonly string[], o: TailOptions): Promise<void> {
  await Promise.all(paths.map((p) => tailOne(p, o)));
}
