import { mkdir, rename, writeFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_FORMAT } from '../model/fields.ts';
import { generateFlowLines, headerLine } from './generate-flow-logs.ts';

export interface SampleDatasetOptions {
  /** Root directory; files go under `AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/`. */
  readonly dir: string;
  /** End of the covered period (Unix seconds), default now. */
  readonly end?: number;
  readonly hours?: number;
  readonly recordsPerFile?: number;
  readonly seed?: number;
}

const FILE_SECONDS = 300;
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYYMMDDTHHmmZ` as in AWS flow-log object names. */
function stamp(t: number): string {
  const d = new Date(t * 1000);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`;
}

function keyFor(t: number): string {
  const d = new Date(t * 1000);
  const day = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
  const name = `${ACCOUNT}_vpcflowlogs_${REGION}_fl-0123456789abcdef0_${stamp(t)}_${(t % 0xffffffff).toString(16).padStart(8, '0')}.log.gz`;
  return join('AWSLogs', ACCOUNT, 'vpcflowlogs', REGION, day, name);
}

/**
 * Writes a deterministic sample dataset laid out like a flow-log S3 bucket: one gzip file per
 * five minutes, each with a header line. Returns the number of records written; an existing
 * non-empty directory is left as it is (returns 0).
 */
export async function writeSampleDataset(o: SampleDatasetOptions): Promise<number> {
  const existing = await readdir(o.dir).catch(() => []);
  if (existing.length > 0) {
    return 0;
  }
  const end = Math.floor((o.end ?? Date.now() / 1000) / FILE_SECONDS) * FILE_SECONDS;
  const files = Math.round(((o.hours ?? 24) * 3600) / FILE_SECONDS);
  const per = o.recordsPerFile ?? 500;
  for (let i = 0; i < files; i++) {
    const t = end - (files - i) * FILE_SECONDS;
    const lines = [
      ...generateFlowLines(per, {
        seed: (o.seed ?? 1) + i,
        worldSeed: o.seed ?? 1,
        start: t,
        span: FILE_SECONDS,
        interfaces: 40,
        peers: 400,
        rejectRate: 0.06,
      }),
    ];
    const path = join(o.dir, keyFor(t + FILE_SECONDS));
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(
      `${path}.tmp`,
      gzipSync(headerLine(DEFAULT_FORMAT) + '\n' + lines.join('\n') + '\n'),
    );
    await rename(`${path}.tmp`, path);
  }
  return files * per;
}
