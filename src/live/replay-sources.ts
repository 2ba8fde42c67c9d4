import { setTimeout as sleep } from 'node:timers/promises';
import type { FlowRecord } from '../model/flow-record.ts';
import type { IngestStats } from '../model/ingest-stats.ts';
import { readFlows } from '../sources/read-flows.ts';
import type { Layout } from '../sources/decode/log-format.ts';
import type { Source } from '../sources/source.ts';
import type { LivePipeline } from './live-pipeline.ts';
import { ReplayClock } from './replay-clock.ts';

export interface ReplayOptions {
  readonly pipeline: LivePipeline;
  readonly speed: number;
  readonly maxWaitMs: number;
  readonly stats: IngestStats;
  readonly signal: AbortSignal;
  readonly logFormat?: Layout;
  readonly now?: () => number;
}

/**
 * `flowlens live`: reads any source with the shared reader and publishes its records at their
 * logged pace divided by `speed` (0 = as fast as possible), records due together in one batch.
 */
export async function replaySources(sources: readonly Source[], o: ReplayOptions): Promise<void> {
  const now = o.now ?? Date.now;
  const clock = new ReplayClock({ speed: o.speed, maxWaitMs: o.maxWaitMs });
  const flows = readFlows(sources, {
    stats: o.stats,
    signal: o.signal,
    ...(o.logFormat ? { logFormat: o.logFormat } : {}),
  });
  let pending: FlowRecord[] = [];
  let pendingDue = 0;
  for await (const batch of flows) {
    for (const r of batch) {
      const due = clock.dueAt(r.start, now());
      if (due > pendingDue && pending.length > 0) {
        await o.pipeline.publish(pending, 'replay');
        pending = [];
      }
      if (due > now()) {
        await sleep(due - now(), undefined, { signal: o.signal });
      }
      pendingDue = due;
      pending.push(r);
    }
  }
  if (pending.length > 0) {
    await o.pipeline.publish(pending, 'replay');
  }
}
