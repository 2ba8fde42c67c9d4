import type { LiveSink } from './live-hub.ts';
import { seedMessageJson } from './seed-message-json.ts';

/**
 * The publishing port the live core owns. Adapters: an MQTT client (Mosquitto, any broker),
 * the embedded aedes broker, AWS IoT Core's data plane (the Lambda).
 */
export interface MessagePublisher {
  readonly name: string;
  /** Resolves when the broker has accepted the message (QoS 1 where the transport has it). */
  publish(topic: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

export interface MqttPublisherOptions {
  readonly topic: string;
  /** Publish only records whose source address is public (the seed's behaviour). */
  readonly publicSourcesOnly?: boolean;
  /** Unacknowledged publishes allowed before new messages are dropped. @default 10000 */
  readonly maxInFlight?: number;
}

export interface MqttPublisherStats {
  published: number;
  failed: number;
  /** Dropped because `maxInFlight` publishes were pending (slow or absent broker). */
  dropped: number;
  /** Not published because the source was not public (`publicSourcesOnly`). */
  filtered: number;
}

export interface MqttPublisher {
  /** Plug into the hub with `hub.addSink(p.sink)`. */
  readonly sink: LiveSink;
  readonly stats: MqttPublisherStats;
  readonly inFlight: () => number;
  /** Resolves when every publish so far has settled. */
  flush(): Promise<void>;
}

/**
 * Publishes every enriched record as the seed-compatible JSON message on one topic, with a
 * bounded number of publishes in flight: beyond it messages are dropped and counted, so a slow
 * or unreachable broker never grows memory without bound.
 */
export function createMqttPublisher(
  port: MessagePublisher,
  o: MqttPublisherOptions,
): MqttPublisher {
  const max = o.maxInFlight ?? 10_000;
  const stats: MqttPublisherStats = { published: 0, failed: 0, dropped: 0, filtered: 0 };
  // A count, not a set of promises: one settle handler per publish, nothing else allocated.
  let pending = 0;
  let idle: (() => void)[] = [];
  const settled = () => {
    if (--pending === 0 && idle.length > 0) {
      const waiters = idle;
      idle = [];
      waiters.forEach((w) => w());
    }
  };
  const ok = () => {
    stats.published++;
    settled();
  };
  const failed = () => {
    stats.failed++;
    settled();
  };
  const sink: LiveSink = (record, src, dst) => {
    if (o.publicSourcesOnly && src.scope !== 'public') {
      stats.filtered++;
      return;
    }
    if (pending >= max) {
      stats.dropped++;
      return;
    }
    pending++;
    try {
      port.publish(o.topic, seedMessageJson(record, src, dst)).then(ok, failed);
    } catch {
      failed();
    }
  };
  return {
    sink,
    stats,
    inFlight: () => pending,
    flush: () =>
      pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve)),
  };
}

/** Publishes everything `hub` delivers to `port`: the publisher, already plugged in. */
export function publishHub(
  hub: { addSink(sink: LiveSink): void },
  port: MessagePublisher,
  o: MqttPublisherOptions,
): MqttPublisher {
  const publisher = createMqttPublisher(port, o);
  hub.addSink(publisher.sink);
  return publisher;
}
