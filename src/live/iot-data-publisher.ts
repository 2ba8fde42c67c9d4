import type { MessagePublisher } from './mqtt-publisher.ts';

/** The slice of `@aws-sdk/client-iot-data-plane` this adapter uses. */
interface IotDataPlaneModule {
  IoTDataPlaneClient: new (config: { endpoint?: string }) => {
    send(command: unknown): Promise<unknown>;
    destroy(): void;
  };
  PublishCommand: new (input: { topic: string; payload: Uint8Array; qos: number }) => unknown;
}

/**
 * Loaded at run time: the AWS Lambda Node.js 20 runtime ships AWS SDK v3, so the deployed
 * function needs no bundled SDK; elsewhere install `@aws-sdk/client-iot-data-plane`.
 */
const SDK_MODULE = '@aws-sdk/client-iot-data-plane';

/** The AWS IoT Core adapter: `iot-data` Publish (HTTPS, SigV4 from the Lambda role), QoS 1. */
export async function createIotDataPublisher(endpoint?: string): Promise<MessagePublisher> {
  const sdk = (await import(SDK_MODULE)) as IotDataPlaneModule;
  const client = new sdk.IoTDataPlaneClient(endpoint ? { endpoint: `https://${endpoint}` } : {});
  return {
    name: 'aws iot-data',
    publish: async (topic, payload) => {
      await client.send(new sdk.PublishCommand({ topic, payload: Buffer.from(payload), qos: 1 }));
    },
    close: async () => client.destroy(),
  };
}
