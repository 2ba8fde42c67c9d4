import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import { loadLiveConfig } from '../config/live-config.ts';
import { loadServiceConfig } from '../config/load-service-config.ts';
import type { Enricher } from '../enrich/enricher.ts';
import { runService } from '../server/serve.ts';
import { openLiveService, type LiveService } from './live-service.ts';

/** A v2 flow line with the given ends (ports, counts and times fixed). */
export function flowLine(src: string, dst: string, action = 'ACCEPT', bytes = 840): string {
  return `2 123456789012 eni-0a1b2c3d ${src} ${dst} 443 49152 6 10 ${bytes} 1700000000 1700000060 ${action} OK`;
}

/** The decoded CloudWatch Logs subscription JSON for these lines. */
export function subscriptionJson(lines: readonly string[], type = 'DATA_MESSAGE'): string {
  return JSON.stringify({
    messageType: type,
    owner: '123456789012',
    logGroup: '/aws/vpc/flowlogs',
    logStream: 'eni-0a1b2c3d-all',
    subscriptionFilters: ['flowlens'],
    logEvents: lines.map((message, i) => ({ id: String(i), timestamp: 1700000000000, message })),
  });
}

/** The Lambda event a CloudWatch Logs subscription delivers: base64(gzip(JSON)). */
export function lambdaEvent(lines: readonly string[]): { awslogs: { data: string } } {
  return { awslogs: { data: gzipSync(subscriptionJson(lines)).toString('base64') } };
}

/** A Firehose HTTP-endpoint request with one `{"message":…}` record per line. */
export function firehoseBody(requestId: string, lines: readonly string[]): string {
  const records = lines.map((message) => ({
    data: Buffer.from(JSON.stringify({ message })).toString('base64'),
  }));
  return JSON.stringify({ requestId, timestamp: Date.now(), records });
}

export interface LiveServer {
  readonly url: string;
  readonly live: LiveService;
  stop(): Promise<void>;
}

/** A real `flowlens serve` (no workers) with the live routes, on an ephemeral port. */
export async function startLiveServer(
  enricher: Enricher,
  flags: Record<string, string | boolean> = {},
  env: Record<string, string> = {},
): Promise<LiveServer> {
  const dir = await mkdtemp(join(tmpdir(), 'flowlens-live-'));
  const config = loadServiceConfig(
    { data: dir, port: '0', workers: '0', ...flags },
    [dir],
    { ...env, FLOWLENS_DRAIN_TIMEOUT: '2000' },
    dir,
  );
  const live = await openLiveService(loadLiveConfig(flags, env), {
    enricher,
    ...(config.token ? { token: config.token } : {}),
  });
  const running = await runService(config, {
    apiEnabled: true,
    extra: live.routes,
    log: pino({ level: 'silent' }),
  });
  return {
    url: running.url!,
    live,
    async stop() {
      live.closeSockets();
      await running.stop();
      await live.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
