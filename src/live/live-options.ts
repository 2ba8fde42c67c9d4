import type { OptionTable } from '../cli/args.ts';

/** Flags of the live pipeline, shared by `serve`, `tail` and `live` (see `config/live-config.ts`). */
export const LIVE_OPTIONS = {
  'mqtt-url': {
    type: 'string',
    arg: 'URL',
    help: "publish to this MQTT broker, e.g. mqtt://127.0.0.1:1883 (FLOWLENS_MQTT_URL; 'none' = off; default: embedded broker)",
  },
  'mqtt-topic': {
    type: 'string',
    arg: 'TOPIC',
    help: 'MQTT topic (FLOWLENS_MQTT_TOPIC; default ipgeolocator/publish)',
  },
  'mqtt-public-sources-only': {
    type: 'boolean',
    help: "publish only records with a public source address, as the seed's Lambda did",
  },
  'log-format': {
    type: 'string',
    arg: 'FORMAT',
    help: "format of headerless deliveries, e.g. '${version} ${srcaddr} ...' (FLOWLENS_LOG_FORMAT; default v2)",
  },
  'firehose-access-key': {
    type: 'string',
    arg: 'KEY',
    help: 'required X-Amz-Firehose-Access-Key (FLOWLENS_FIREHOSE_ACCESS_KEY; default: the token)',
  },
} as const satisfies OptionTable;

/** The live flags that make sense without a server (`tail`, `live`). */
export const LIVE_CLI_OPTIONS = {
  'mqtt-url': {
    type: 'string',
    arg: 'URL',
    help: 'also publish to this MQTT broker, e.g. mqtt://127.0.0.1:1883 (FLOWLENS_MQTT_URL)',
  },
  'mqtt-topic': LIVE_OPTIONS['mqtt-topic'],
  'mqtt-public-sources-only': LIVE_OPTIONS['mqtt-public-sources-only'],
  'log-format': LIVE_OPTIONS['log-format'],
} as const satisfies OptionTable;
