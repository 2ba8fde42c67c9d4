import { connectAsync, type IClientOptions } from 'mqtt';
import type { MessagePublisher } from './mqtt-publisher.ts';

/**
 * The MQTT adapter (mqtt.js): Mosquitto, AWS IoT Core over mqtts with a device certificate, any
 * MQTT 3.1.1/5 broker. Publishes with QoS 1, like the seed's Lambda.
 */
export async function connectMqttPublisher(
  url: string,
  options: IClientOptions = {},
): Promise<MessagePublisher> {
  const client = await connectAsync(url, {
    clientId: `flowlens-${process.pid}-${Math.random().toString(16).slice(2, 10)}`,
    reconnectPeriod: 1000,
    connectTimeout: 5000,
    ...options,
  });
  return {
    name: `mqtt ${url}`,
    publish: async (topic, payload) => {
      await client.publishAsync(topic, payload, { qos: 1 });
    },
    close: () => client.endAsync(),
  };
}
