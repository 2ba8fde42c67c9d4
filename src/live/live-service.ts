import type { ResolvedLiveConfig } from '../config/live-config.ts';
import type { Enricher } from '../enrich/enricher.ts';
import { openEnricher } from '../enrich/open-enricher.ts';
import type { RouteModule } from '../server/app-deps.ts';
import { createEmbeddedBroker, type EmbeddedBroker } from './embedded-broker.ts';
import { ingestRoutes, type IngestCounters } from './ingest-routes.ts';
import { createLiveHub, type LiveHub } from './live-hub.ts';
import { liveSocketRoutes } from './live-socket.ts';
import { connectMqttPublisher } from './mqtt-client-publisher.ts';
import { publishHub, type MessagePublisher, type MqttPublisher } from './mqtt-publisher.ts';

export interface LiveService {
  readonly hub: LiveHub;
  /** Route modules for `createApp`/`runService`: ingest, `/live`, and `/mqtt` when embedded. */
  readonly routes: readonly RouteModule[];
  readonly counters: IngestCounters;
  readonly mqtt?: MqttPublisher;
  readonly broker?: EmbeddedBroker;
  /** Closes WebSocket connections (call before the HTTP server drains). */
  closeSockets(): void;
  close(): Promise<void>;
}

export interface LiveServiceOptions {
  /** Default: the shipped offline databases (`openEnricher()`). */
  readonly enricher?: Enricher;
  /** The service token: the Firehose access key when none is configured. */
  readonly token?: string;
}

async function openPublisher(
  cfg: ResolvedLiveConfig,
): Promise<{ port?: MessagePublisher; broker?: EmbeddedBroker }> {
  if (cfg.mqtt.url) {
    return { port: await connectMqttPublisher(cfg.mqtt.url) };
  }
  if (!cfg.mqtt.embedded) {
    return {};
  }
  const broker = await createEmbeddedBroker();
  return { port: broker.publisher, broker };
}

/**
 * The composition root of the live pipeline: enricher, hub, MQTT publishing (external broker or
 * the embedded one) and the route modules `flowlens serve` mounts.
 */
export async function openLiveService(
  cfg: ResolvedLiveConfig,
  opts: LiveServiceOptions = {},
): Promise<LiveService> {
  const enricher = opts.enricher ?? (await openEnricher());
  const { port, broker } = await openPublisher(cfg);
  const hub = createLiveHub({
    enricher,
    intervalMs: cfg.intervalMs,
    queueCapacity: cfg.queueCapacity,
    ...(port ? { mqttTopic: cfg.mqtt.topic } : {}),
  });
  const mqtt = port ? publishHub(hub, port, cfg.mqtt) : undefined;
  const key = cfg.firehoseAccessKey ?? opts.token;
  const ingest = ingestRoutes({
    hub,
    logFormat: cfg.logFormat,
    maxIngestBytes: cfg.maxIngestBytes,
    maxDecodedBytes: cfg.maxDecodedBytes,
    ...(key ? { firehoseAccessKey: key } : {}),
    ...(mqtt ? { moreStats: () => ({ mqtt: { ...mqtt.stats, inFlight: mqtt.inFlight() } }) } : {}),
  });
  const socket = liveSocketRoutes(hub);
  const routes = [ingest, socket, ...(broker ? [broker.routes] : [])];
  return {
    hub,
    routes,
    counters: ingest.counters,
    ...(mqtt ? { mqtt } : {}),
    ...(broker ? { broker } : {}),
    closeSockets() {
      socket.closeAll();
      broker?.closeSockets();
    },
    async close() {
      hub.close();
      await mqtt?.flush();
      await port?.close();
      await broker?.close();
    },
  };
}
