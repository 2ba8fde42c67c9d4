import { loadLiveConfig } from '../config/live-config.ts';
import type { Enricher } from '../enrich/enricher.ts';
import { openEnricher } from '../enrich/open-enricher.ts';
import { FlowError } from '../model/errors.ts';
import { createIngestStats } from '../model/ingest-stats.ts';
import { compileLayout } from '../sources/decode/log-format.ts';
import { decodeCloudWatchEvent } from './ingest-payload.ts';
import { createIotDataPublisher } from './iot-data-publisher.ts';
import { createLiveHub } from './live-hub.ts';
import { connectMqttPublisher } from './mqtt-client-publisher.ts';
import { createMqttPublisher, type MessagePublisher } from './mqtt-publisher.ts';
import { parseLines } from './parse-lines.ts';

/** What the handler needs; the core owns the publisher port (IoT Core, MQTT). */
export interface LambdaDeps {
  readonly enricher: Enricher;
  readonly publisher: MessagePublisher;
  readonly topic: string;
  readonly logFormat: readonly string[];
  readonly publicSourcesOnly?: boolean;
  readonly maxDecodedBytes?: number;
}

export interface LambdaResult {
  readonly lines: number;
  readonly published: number;
  readonly skipped: Record<string, number>;
}

/** The handler, plus `close()` for tests and local runs (Lambda just freezes the process). */
export type LambdaHandler = ((event: unknown) => Promise<LambdaResult>) & {
  close(): Promise<void>;
};

/**
 * A CloudWatch Logs subscription handler: the same decoding, parsing (configured log format),
 * enrichment and seed-compatible messages as `flowlens serve`. Resolves once every message has
 * been acknowledged; throws if any publish failed, so Lambda's async retry policy applies.
 */
export function createLambdaHandler(deps: () => Promise<LambdaDeps>): LambdaHandler {
  let ready: Promise<LambdaDeps> | undefined;
  const handle = async (event: unknown): Promise<LambdaResult> => {
    const d = await (ready ??= deps());
    const hub = createLiveHub({ enricher: d.enricher, timer: false, queueCapacity: 2 });
    const mqtt = createMqttPublisher(d.publisher, {
      topic: d.topic,
      publicSourcesOnly: d.publicSourcesOnly ?? false,
      maxInFlight: Number.MAX_SAFE_INTEGER,
    });
    hub.addSink(mqtt.sink);
    const payload = await decodeCloudWatchEvent(event, d.maxDecodedBytes ?? 64 << 20);
    const stats = createIngestStats();
    hub.publish(parseLines(payload.lines, compileLayout(d.logFormat), stats), 'lambda');
    await mqtt.flush();
    hub.close();
    if (mqtt.stats.failed > 0) {
      throw new FlowError('FLOW_QUEUE', `${mqtt.stats.failed} IoT publish(es) failed`);
    }
    const skipped = {
      ...payload.skipped,
      ...stats.skipped,
      nodata: stats.nodata,
      skipdata: stats.skipdata,
    };
    return { lines: payload.lines.length, published: mqtt.stats.published, skipped };
  };
  const close = async () => {
    const d = await ready;
    ready = undefined;
    await d?.publisher.close();
  };
  return Object.assign(handle, { close });
}

/** Environment → deps: `FLOWLENS_MQTT_URL` selects the MQTT adapter, otherwise AWS IoT Core. */
async function depsFromEnv(): Promise<LambdaDeps> {
  const cfg = loadLiveConfig({}, process.env);
  const [enricher, publisher] = await Promise.all([
    openEnricher(),
    cfg.mqtt.url ? connectMqttPublisher(cfg.mqtt.url) : createIotDataPublisher(cfg.iotEndpoint),
  ]);
  return { enricher, publisher, topic: cfg.mqtt.topic, logFormat: cfg.logFormat };
}

/** The Lambda entry point (`deploy/lambda/index.mjs` re-exports it). */
export const handler = createLambdaHandler(depsFromEnv);
