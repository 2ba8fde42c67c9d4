import { upgradeWebSocket } from '@hono/node-server';
import type { WebSocket } from 'ws';
import { LIVE_PATH, type LiveEvent } from '../protocol/live-events.ts';
import type { RouteModule } from '../server/app-deps.ts';
import { liveEventJson } from './flow-event-json.ts';
import type { LiveHub, LiveSubscription } from './live-hub.ts';

/** Bytes queued in the socket beyond which the hub queue holds (and then drops) events. */
const HIGH_WATER = 256 * 1024;
const RETRY_MS = 10;
/** Events taken from the queue and written (as one corked write) per round. */
const BATCH = 256;

interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * The TCP socket under a ws WebSocket (`_socket`, not in ws's types), when it can be corked. ws
 * writes each frame as its own write; corking around a batch turns a batch of frames into one
 * system call instead of one per event.
 */
function corkableOf(sock: WebSocket): Corkable | undefined {
  const raw = (sock as unknown as { _socket?: Partial<Corkable> })._socket;
  return typeof raw?.cork === 'function' && typeof raw.uncork === 'function'
    ? (raw as Corkable)
    : undefined;
}

/** Sends a batch of events, one text frame each, written together. */
function sendBatch(sock: WebSocket, net: Corkable | undefined, batch: readonly LiveEvent[]): void {
  net?.cork();
  try {
    for (const ev of batch) {
      sock.send(liveEventJson(ev));
    }
  } finally {
    net?.uncork();
  }
}

/** Moves events from the bounded queue to the socket while the socket keeps up. */
function pump(sub: LiveSubscription, sock: WebSocket): () => void {
  let timer: NodeJS.Timeout | undefined;
  const net = corkableOf(sock);
  const drain = () => {
    timer = undefined;
    while (sock.readyState === sock.OPEN && sock.bufferedAmount < HIGH_WATER) {
      const batch = sub.queue.take(BATCH);
      if (batch.length === 0) {
        return;
      }
      sendBatch(sock, net, batch);
    }
    if (sock.readyState === sock.OPEN && timer === undefined) {
      timer = setTimeout(drain, RETRY_MS);
    }
  };
  sub.onReady(() => timer === undefined && drain());
  drain();
  return () => clearTimeout(timer);
}

/** `{"type":"subscribe","flows":false}` turns flow events off for this connection. */
function onClientMessage(sub: LiveSubscription, data: unknown): void {
  if (typeof data !== 'string') {
    return;
  }
  try {
    const m = JSON.parse(data) as { type?: unknown; flows?: unknown };
    if (m.type === 'subscribe' && typeof m.flows === 'boolean') {
      sub.queue.wantsFlows = m.flows;
    }
  } catch {
    // Ignore malformed client frames: the protocol is server → client first.
  }
}

/**
 * `GET /live`: the dashboard's WebSocket. Each connection gets a `hello`, then `flow`,
 * `aggregate` and `drop` events (see `src/protocol/live-events.ts`) through its own bounded
 * queue. Authentication is the service's bearer token (`?access_token=` for browsers).
 */
export function liveSocketRoutes(hub: LiveHub): RouteModule & { closeAll(): void } {
  const open = new Set<WebSocket>();
  return {
    name: 'live-ws',
    closeAll: () => open.forEach((s) => s.close(1001, 'server shutting down')),
    mount(app) {
      app.get(
        LIVE_PATH,
        upgradeWebSocket(() => {
          let sub: LiveSubscription | undefined;
          let stop = () => {};
          return {
            onOpen(_e, ws) {
              const sock = ws.raw as WebSocket;
              open.add(sock);
              sub = hub.subscribe();
              stop = pump(sub, sock);
            },
            onMessage(e) {
              if (sub) {
                onClientMessage(sub, e.data);
              }
            },
            onClose(_e, ws) {
              open.delete(ws.raw as WebSocket);
              stop();
              sub?.close();
            },
          };
        }),
      );
    },
  };
}
