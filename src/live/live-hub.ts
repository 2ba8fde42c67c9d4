import { DATA_ATTRIBUTIONS } from '../enrich/data-attribution.ts';
import type { Enricher, IpInfo } from '../enrich/enricher.ts';
import type { FlowRecord } from '../model/flow-record.ts';
import {
  LIVE_PROTOCOL_VERSION,
  type FlowEvent,
  type HelloEvent,
  type LiveEvent,
} from '../protocol/live-events.ts';
import { toFlowEvent } from './flow-event.ts';
import { LiveAggregator } from './live-aggregator.ts';
import { SubscriberQueue } from './subscriber-queue.ts';

/** Receives every enriched record (e.g. the MQTT publisher). Must not throw or block. */
export type LiveSink = (record: FlowRecord, src: IpInfo, dst: IpInfo, event: FlowEvent) => void;

export interface LiveHubOptions {
  readonly enricher: Enricher;
  /** Aggregate interval. @default 1000 */
  readonly intervalMs?: number;
  /** Events buffered per subscriber before flow events are dropped. @default 4096 */
  readonly queueCapacity?: number;
  /** @default 200 */
  readonly maxLocations?: number;
  readonly mqttTopic?: string;
  /** Clock, Unix ms (tests pass their own). */
  readonly now?: () => number;
  /** False: no aggregate timer; the caller calls `tick()`. @default true */
  readonly timer?: boolean;
}

/** One consumer: a bounded queue plus a wake-up when events arrive. */
export interface LiveSubscription {
  readonly queue: SubscriberQueue;
  /** Called (at most once per turn of the event loop) when new events are queued. */
  onReady(cb: () => void): void;
  /** Events as they come, until `close()`; the iterator takes from the bounded queue. */
  events(): AsyncGenerator<LiveEvent>;
  close(): void;
}

export interface LiveHubStats {
  /** Flow events published, and how many records each `via` brought. */
  flows: number;
  byVia: Record<string, number>;
  subscribers: number;
  /** Events dropped for slow subscribers that have since closed (see `LiveHub.dropped`). */
  dropped: number;
}

export interface LiveHub {
  /** Enriches and publishes parsed records; returns how many were published. */
  publish(records: readonly FlowRecord[], via: string, receivedAt?: number): number;
  subscribe(): LiveSubscription;
  addSink(sink: LiveSink): void;
  hello(): HelloEvent;
  /** Closes the current aggregate interval and sends it to every subscriber. */
  tick(): void;
  readonly stats: LiveHubStats;
  /** Events dropped for slow subscribers so far, open and closed ones. */
  dropped(): number;
  close(): void;
}

class Subscription implements LiveSubscription {
  private ready: (() => void) | undefined;
  private scheduled = false;
  private waiter: (() => void) | undefined;
  closed = false;

  constructor(
    readonly queue: SubscriberQueue,
    private readonly detach: (s: Subscription) => void,
  ) {}

  push(ev: LiveEvent): void {
    this.queue.push(ev);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => {
        this.scheduled = false;
        this.wake();
      });
    }
  }

  private wake(): void {
    this.ready?.();
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  onReady(cb: () => void): void {
    this.ready = cb;
  }

  async *events(): AsyncGenerator<LiveEvent> {
    while (!this.closed) {
      const batch = this.queue.take();
      if (batch.length === 0) {
        await new Promise<void>((r) => (this.waiter = r));
        continue;
      }
      yield* batch;
    }
  }

  close(): void {
    if (!this.closed) {
      this.closed = true;
      this.detach(this);
      this.wake();
    }
  }
}

/**
 * The live hub: enriches parsed records (both ends), fans them out to subscribers through
 * bounded queues (drops counted, never unbounded memory) and to sinks, and emits one
 * aggregate per interval for the map.
 */
export function createLiveHub(options: LiveHubOptions): LiveHub {
  const intervalMs = options.intervalMs ?? 1000;
  const capacity = options.queueCapacity ?? 4096;
  const maxLocations = options.maxLocations ?? 200;
  const now = options.now ?? Date.now;
  const aggregator = new LiveAggregator({ intervalMs, maxLocations });
  const subs = new Set<Subscription>();
  const sinks: LiveSink[] = [];
  const stats: LiveHubStats = { flows: 0, byVia: {}, subscribers: 0, dropped: 0 };
  let intervalStart = Math.floor(now() / intervalMs) * intervalMs;

  const detach = (s: Subscription) => {
    subs.delete(s);
    stats.subscribers = subs.size;
    stats.dropped += s.queue.totalDropped;
  };
  const broadcast = (ev: LiveEvent) => {
    for (const s of subs) {
      s.push(ev);
    }
  };
  const hub: LiveHub = {
    stats,
    publish(records, via, receivedAt = now()) {
      for (const r of records) {
        const src = options.enricher(r.srcaddr ?? '-');
        const dst = options.enricher(r.dstaddr ?? '-');
        const ev = toFlowEvent(r, src, dst, { seq: ++stats.flows, receivedAt, via });
        aggregator.add(ev);
        broadcast(ev);
        for (const sink of sinks) {
          sink(r, src, dst, ev);
        }
      }
      stats.byVia[via] = (stats.byVia[via] ?? 0) + records.length;
      return records.length;
    },
    subscribe() {
      const s = new Subscription(new SubscriberQueue(capacity), detach);
      subs.add(s);
      stats.subscribers = subs.size;
      s.push(hub.hello());
      return s;
    },
    addSink: (sink) => void sinks.push(sink),
    dropped: () => [...subs].reduce((n, s) => n + s.queue.totalDropped, stats.dropped),
    hello: () => ({
      type: 'hello',
      protocol: LIVE_PROTOCOL_VERSION,
      serverTime: now(),
      intervalMs,
      queueCapacity: capacity,
      maxLocations,
      ...(options.mqttTopic ? { mqttTopic: options.mqttTopic } : {}),
      attribution: DATA_ATTRIBUTIONS,
    }),
    tick() {
      broadcast(aggregator.flush(intervalStart));
      intervalStart = Math.floor(now() / intervalMs) * intervalMs;
    },
    close() {
      clearInterval(timer);
      for (const s of [...subs]) {
        s.close();
      }
    },
  };
  const timer = options.timer === false ? undefined : setInterval(() => hub.tick(), intervalMs);
  timer?.unref();
  return hub;
}
