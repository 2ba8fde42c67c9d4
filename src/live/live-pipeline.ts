import type { Writable } from 'node:stream';
import { once } from 'node:events';
import type { ResolvedLiveConfig } from '../config/live-config.ts';
import type { Enricher } from '../enrich/enricher.ts';
import { openEnricher } from '../enrich/open-enricher.ts';
import type { FlowRecord } from '../model/flow-record.ts';
import { flowEventJson } from './flow-event-json.ts';
import { createLiveHub, type LiveHub } from './live-hub.ts';
import { connectMqttPublisher } from './mqtt-client-publisher.ts';
import { publishHub, type MqttPublisher } from './mqtt-publisher.ts';

export interface LivePipeline {
  readonly hub: LiveHub;
  readonly mqtt?: MqttPublisher;
  /** Publishes a batch and writes its events as NDJSON (waiting for the output to drain). */
  publish(records: readonly FlowRecord[], via: string): Promise<void>;
  close(): Promise<void>;
}

export interface LivePipelineOptions {
  /** Enriched `flow` events, one JSON per line; absent = no output. */
  readonly ndjson?: Writable;
  readonly enricher?: Enricher;
}

/**
 * The live pipeline of `flowlens tail` and `flowlens live`: enrich → NDJSON and/or MQTT (only
 * with `--mqtt-url`; the embedded broker belongs to `serve`).
 */
export async function openLivePipeline(
  cfg: ResolvedLiveConfig,
  o: LivePipelineOptions = {},
): Promise<LivePipeline> {
  const enricher = o.enricher ?? (await openEnricher());
  const hub = createLiveHub({ enricher, timer: false });
  const port = cfg.mqtt.url ? await connectMqttPublisher(cfg.mqtt.url) : undefined;
  const mqtt = port ? publishHub(hub, port, cfg.mqtt) : undefined;
  let lines: string[] = [];
  if (o.ndjson) {
    hub.addSink((_r, _s, _d, ev) => void lines.push(flowEventJson(ev)));
  }
  return {
    hub,
    ...(mqtt ? { mqtt } : {}),
    async publish(records, via) {
      hub.publish(records, via);
      if (o.ndjson && lines.length > 0) {
        const text = lines.join('\n') + '\n';
        lines = [];
        if (!o.ndjson.write(text)) {
          await once(o.ndjson, 'drain');
        }
      }
    },
    async close() {
      hub.close();
      await mqtt?.flush();
      await port?.close();
    },
  };
}
