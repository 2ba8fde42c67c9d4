import { FlowError } from '../model/errors.ts';
import { DEFAULT_FORMAT } from '../model/fields.ts';
import { parseLogFormat } from '../sources/decode/log-format.ts';

type Env = Readonly<Record<string, string | undefined>>;
type Flags = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** Live ingest and publishing settings (`serve`, `tail`, `live`, the Lambda), resolved once. */
export interface ResolvedLiveConfig {
  /** Field names of headerless deliveries (CloudWatch, Firehose), in order. */
  readonly logFormat: readonly string[];
  readonly mqtt: {
    /** External broker (`mqtt://host:port`); absent = the embedded broker (or none). */
    readonly url?: string;
    readonly topic: string;
    /** Run the embedded aedes broker (WebSocket on `/mqtt`) when no URL is given. */
    readonly embedded: boolean;
    /** Publish only records whose source is public, as the seed did. */
    readonly publicSourcesOnly: boolean;
    /** Publishes awaiting the broker's ack before new ones are dropped (counted). */
    readonly maxInFlight: number;
  };
  /** Largest accepted request body, and largest decompressed payload. */
  readonly maxIngestBytes: number;
  readonly maxDecodedBytes: number;
  /** Expected `X-Amz-Firehose-Access-Key`; absent = the service token, if any. */
  readonly firehoseAccessKey?: string;
  /** Events buffered per WebSocket subscriber. */
  readonly queueCapacity: number;
  readonly intervalMs: number;
  /** AWS IoT data endpoint for the Lambda (`IOT_ENDPOINT`); default: the SDK's lookup. */
  readonly iotEndpoint?: string;
}

export const LIVE_DEFAULTS = {
  mqttTopic: 'ipgeolocator/publish',
  maxInFlight: 10_000,
  maxIngestBytes: 8 << 20,
  maxDecodedBytes: 64 << 20,
  queueCapacity: 4096,
  intervalMs: 1000,
} as const;

function pick(f: Flags, flag: string, env: Env, ...names: string[]): string | undefined {
  const v = f[flag];
  if (typeof v === 'string') {
    return v;
  }
  return names.map((n) => env[n]).find((x) => x !== undefined && x !== '');
}

function int(v: string | undefined, name: string, fallback: number, min: number): number {
  if (v === undefined) {
    return fallback;
  }
  if (!/^\d+$/.test(v) || Number(v) < min) {
    throw new FlowError('FLOW_CONFIG_INVALID', `${name} must be an integer >= ${min}, got '${v}'`);
  }
  return Number(v);
}

function mqttUrl(v: string | undefined): string | undefined {
  if (v === undefined || v === 'embedded' || v === 'none') {
    return undefined;
  }
  if (!/^(mqtts?|wss?):\/\/[^/]+/.test(v)) {
    throw new FlowError('FLOW_CONFIG_INVALID', `--mqtt-url must be mqtt://host:port, got '${v}'`);
  }
  return v;
}

/**
 * Resolves the live settings from flags and environment: `--mqtt-url` (`FLOWLENS_MQTT_URL`;
 * `none` disables MQTT, default the embedded broker), `--mqtt-topic` (`FLOWLENS_MQTT_TOPIC`,
 * `IOT_TOPIC_NAME`), `--log-format` (`FLOWLENS_LOG_FORMAT`), `FLOWLENS_INGEST_MAX_BYTES`,
 * `FLOWLENS_FIREHOSE_ACCESS_KEY`, `FLOWLENS_LIVE_QUEUE`, `IOT_ENDPOINT` (Lambda).
 */
export function loadLiveConfig(f: Flags, env: Env): ResolvedLiveConfig {
  const rawUrl = pick(f, 'mqtt-url', env, 'FLOWLENS_MQTT_URL');
  const url = mqttUrl(rawUrl);
  const format = pick(f, 'log-format', env, 'FLOWLENS_LOG_FORMAT');
  const key = pick(f, 'firehose-access-key', env, 'FLOWLENS_FIREHOSE_ACCESS_KEY');
  const iot = env.IOT_ENDPOINT;
  const D = LIVE_DEFAULTS;
  return Object.freeze({
    logFormat: format ? parseLogFormat(format).names : DEFAULT_FORMAT,
    mqtt: Object.freeze({
      ...(url ? { url } : {}),
      topic: pick(f, 'mqtt-topic', env, 'FLOWLENS_MQTT_TOPIC', 'IOT_TOPIC_NAME') ?? D.mqttTopic,
      embedded: url === undefined && rawUrl !== 'none',
      publicSourcesOnly: f['mqtt-public-sources-only'] === true,
      maxInFlight: int(
        env.FLOWLENS_MQTT_MAX_IN_FLIGHT,
        'FLOWLENS_MQTT_MAX_IN_FLIGHT',
        D.maxInFlight,
        1,
      ),
    }),
    maxIngestBytes: int(
      env.FLOWLENS_INGEST_MAX_BYTES,
      'FLOWLENS_INGEST_MAX_BYTES',
      D.maxIngestBytes,
      1,
    ),
    maxDecodedBytes: int(
      env.FLOWLENS_INGEST_MAX_DECODED,
      'FLOWLENS_INGEST_MAX_DECODED',
      D.maxDecodedBytes,
      1,
    ),
    ...(key ? { firehoseAccessKey: key } : {}),
    queueCapacity: int(env.FLOWLENS_LIVE_QUEUE, 'FLOWLENS_LIVE_QUEUE', D.queueCapacity, 2),
    intervalMs: D.intervalMs,
    ...(iot ? { iotEndpoint: iot } : {}),
  });
}
