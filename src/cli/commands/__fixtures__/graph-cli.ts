import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliRun } from '../../run-cli.ts';

export type { CliRun as CliResult } from '../../run-cli.ts';

/** Runs the CLI in process with captured streams and an empty environment. */
export function flowlens(...argv: string[]): Promise<CliRun> {
  return runCli(argv, { env: {} });
}

/** 2026-11-22T00:00:00Z: the previous window is the hour after it, the next one the hour after. */
export const T0 = 1_795_305_600;
export const PREVIOUS = ['2026-11-22T00:00:00Z', '2026-11-22T01:00:00Z'] as const;
export const NEXT = ['2026-11-22T01:00:00Z', '2026-11-22T02:00:00Z'] as const;

export const HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';

type Row = readonly [src: string, dst: string, sport: number, dport: number, proto: number];

function line(at: number, [src, dst, sport, dport, proto]: Row, action: string, bytes = 1000) {
  return `2 123456789010 eni-0a1b2c3d ${src} ${dst} ${sport} ${dport} ${proto} 10 ${bytes} ${at} ${at + 60} ${action} OK`;
}

const APP = '10.0.1.5';
export const ROWS = {
  web: [APP, '8.8.8.8', 40000, 443, 6],
  webReply: ['8.8.8.8', APP, 443, 40000, 6],
  dns: [APP, '1.1.1.1', 40001, 53, 17],
  ssh: ['10.0.1.9', APP, 51000, 22, 6],
  db: ['10.0.1.7', APP, 52000, 5432, 6],
} as const satisfies Record<string, Row>;

/**
 * Two hours of traffic around 10.0.1.5. Hour one: web (+reply), DNS to 1.1.1.1, an SSH attempt
 * from 10.0.1.9 (REJECT). Hour two: web again with more bytes, DNS now REJECT, a new database
 * client 10.0.1.7; the SSH attempts are gone. Plus one NODATA line.
 */
export function flowLogLines(): string[] {
  const [h1, h2] = [T0 + 60, T0 + 3600 + 60];
  return [
    HEADER,
    line(h1, ROWS.web, 'ACCEPT'),
    line(h1 + 1, ROWS.webReply, 'ACCEPT'),
    line(h1 + 2, ROWS.dns, 'ACCEPT'),
    line(h1 + 3, ROWS.ssh, 'REJECT'),
    line(h1 + 4, ROWS.ssh, 'REJECT'),
    line(h2, ROWS.web, 'ACCEPT', 5000),
    line(h2 + 1, ROWS.webReply, 'ACCEPT'),
    line(h2 + 2, ROWS.dns, 'REJECT'),
    line(h2 + 3, ROWS.db, 'ACCEPT'),
    `2 123456789010 eni-0a1b2c3d - - - - - - - ${h2} ${h2 + 60} - NODATA`,
  ];
}

/** A fresh temp directory holding `flows.log` (the lines above) and whatever else tests write. */
export async function workDir(): Promise<{ dir: string; log: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'flowlens-graph-cli-'));
  const log = join(dir, 'flows.log');
  await writeFile(log, flowLogLines().join('\n') + '\n');
  return { dir, log };
}
