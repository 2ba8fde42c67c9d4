import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadLiveConfig } from '../../src/config/live-config.ts';
import { loadServiceConfig } from '../../src/config/load-service-config.ts';
import { openLiveService } from '../../src/live/live-service.ts';
import type { RouteModule } from '../../src/server/app-deps.ts';
import { runService, type Running } from '../../src/server/serve.ts';

export interface DashboardServer {
  readonly url: string;
  readonly running: Running;
  close(): Promise<void>;
}

/** `flowlens serve` in-process on a free port over `flowLog`, with optional extra modules. */
export async function startDashboardServer(
  flowLog: string,
  opts: { token?: string; extra?: readonly RouteModule[]; live?: boolean } = {},
): Promise<DashboardServer> {
  const dir = await mkdtemp(join(tmpdir(), 'flowlens-e2e-'));
  const logs = join(dir, 'flow-logs');
  await mkdir(logs, { recursive: true });
  await writeFile(join(logs, 'sample.log'), flowLog);
  const flags = {
    data: dir,
    port: '0',
    workers: '0',
    ...(opts.token ? { token: opts.token } : {}),
  };
  const config = loadServiceConfig(flags, [logs], {}, dir);
  const live = opts.live
    ? await openLiveService(
        loadLiveConfig({ mqtt: 'none' }, {}),
        opts.token ? { token: opts.token } : {},
      )
    : undefined;
  const running = await runService(config, {
    apiEnabled: true,
    log: pino({ level: 'silent' }),
    extra: [...(live?.routes ?? []), ...(opts.extra ?? [])],
  });
  return {
    url: running.url!,
    running,
    async close() {
      live?.closeSockets();
      await running.stop();
      await live?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
