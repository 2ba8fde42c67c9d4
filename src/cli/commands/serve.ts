import { LIVE_OPTIONS } from '../../live/live-options.ts';
import { loadLiveConfig } from '../../config/live-config.ts';
import { loadServiceConfig } from '../../config/load-service-config.ts';
import { openLiveService } from '../../live/live-service.ts';
import { runService } from '../../server/serve.ts';
import { formatOptions, parseCommandArgs, type OptionTable } from '../args.ts';
import type { Command } from '../command.ts';

export const SERVICE_OPTIONS = {
  data: {
    type: 'string',
    arg: 'DIR',
    help: 'data directory: results, markers, queue (FLOWLENS_DATA; default .flowlens)',
  },
  nats: { type: 'string', arg: 'URL', help: 'use NATS JetStream as the queue (FLOWLENS_NATS_URL)' },
  'nats-stream': {
    type: 'string',
    arg: 'NAME',
    help: 'JetStream stream name (default FLOWLENS_JOBS)',
  },
  workers: {
    type: 'string',
    arg: 'N',
    help: 'worker loops in this process (FLOWLENS_WORKERS; default 2)',
  },
} as const satisfies OptionTable;

const OPTIONS = {
  port: {
    type: 'string',
    short: 'p',
    arg: 'PORT',
    help: 'listen port (FLOWLENS_PORT; default 8080)',
  },
  host: { type: 'string', arg: 'HOST', help: 'listen address (FLOWLENS_HOST; default 127.0.0.1)' },
  token: {
    type: 'string',
    arg: 'TOKEN',
    help: 'require Authorization: Bearer TOKEN (FLOWLENS_TOKEN)',
  },
  cors: { type: 'string', arg: 'ORIGIN,...', help: 'allowed CORS origins (FLOWLENS_CORS_ORIGINS)' },
  aliases: {
    type: 'string',
    arg: 'FILE',
    help: "known-IP aliases (CSV address,name, JSON or YAML) for the dashboard's alias grouping (FLOWLENS_ALIASES)",
  },
  ...SERVICE_OPTIONS,
  ...LIVE_OPTIONS,
} as const satisfies OptionTable;

const USAGE = `Usage: flowlens serve [options] [SOURCE...]

Serves the vpcflow-digesterd/grapherd/diffd API (POST/GET /digest, /graph, /diff), the native
JSON API under /api/v1/ (OpenAPI at /api/v1/openapi.json), /healthz, /readyz and /metrics, and
runs embedded workers. Live pipeline (docs/live.md): POST /ingest/cloudwatch, POST
/ingest/firehose, GET /ingest/stats, the /live WebSocket, MQTT publishing (embedded broker on
/mqtt unless --mqtt-url). SOURCE is a directory, file or s3:// URL (default: DATA/flow-logs).

Options:
${formatOptions(OPTIONS)}

Upstream variables are honoured: DIGEST_STORAGE_BUCKET, GRAPH_STORAGE_BUCKET, DIFF_STORAGE_BUCKET
(+ _REGION), *_PROGRESS_BUCKET, *_PROGRESS_TIMEOUT (ms), STREAM_APPLIANCE_ENDPOINT,
VPC_FLOW_LOGS_BUCKET, DIGESTER_POLLING_INTERVAL/TIMEOUT, STATSD_HOST/PORT. See docs/api.md.
`;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the digest/graph/diff API (vpcflow compatible) with embedded workers.',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    const config = loadServiceConfig(args.values, args.positionals, io.env, io.cwd);
    const liveConfig = loadLiveConfig(args.values, io.env);
    const live = await openLiveService(liveConfig, config.token ? { token: config.token } : {});
    for (const sig of ['SIGTERM', 'SIGINT'] as const) {
      process.once(sig, () => live.closeSockets());
    }
    const running = await runService(config, { apiEnabled: true, extra: live.routes });
    io.stderr.write(`flowlens: serving on ${running.url}\n`);
    await running.done;
    await live.close();
    return 0;
  },
};
