import { upgradeWebSocket } from '@hono/node-server';
import { Aedes } from 'aedes';
import { createWebSocketStream, type WebSocket } from 'ws';
import type { RouteModule } from '../server/app-deps.ts';
import type { MessagePublisher } from './mqtt-publisher.ts';

/** The WebSocket path of the embedded broker (MQTT over WebSocket, subprotocol `mqtt`). */
export const MQTT_WS_PATH = '/mqtt';

export interface EmbeddedBroker {
  readonly aedes: Aedes;
  /** Publishes straight into the broker (no network hop). */
  readonly publisher: MessagePublisher;
  /** Mounts `GET /mqtt` (WebSocket) so a browser MQTT client needs no other server. */
  readonly routes: RouteModule;
  /** Closes the browser connections (before the HTTP server drains). */
  closeSockets(): void;
  close(): Promise<void>;
}

/**
 * An aedes MQTT broker inside `flowlens serve`, reachable over WebSocket on the service's own
 * port (`ws://host:port/mqtt`), so the dashboard (or any MQTT-over-WebSocket client) can
 * subscribe to the topic with no Mosquitto or IoT Core.
 */
export async function createEmbeddedBroker(): Promise<EmbeddedBroker> {
  const aedes = await Aedes.createBroker();
  const publisher: MessagePublisher = {
    name: 'embedded broker',
    publish: (topic, payload) =>
      new Promise((resolve, reject) =>
        aedes.publish(
          { cmd: 'publish', topic, payload, qos: 0, retain: false, dup: false },
          (err) => (err ? reject(err) : resolve()),
        ),
      ),
    close: async () => {},
  };
  const open = new Set<WebSocket>();
  const routes: RouteModule = {
    name: 'mqtt-ws',
    mount(app) {
      app.get(
        MQTT_WS_PATH,
        upgradeWebSocket(() => ({
          onOpen(_e, ws) {
            const sock = ws.raw as WebSocket;
            open.add(sock);
            sock.once('close', () => open.delete(sock));
            aedes.handle(createWebSocketStream(sock));
          },
        })),
      );
    },
  };
  return {
    aedes,
    publisher,
    routes,
    closeSockets: () => open.forEach((s) => s.terminate()),
    close: () => new Promise<void>((r) => aedes.close(() => r())),
  };
}
