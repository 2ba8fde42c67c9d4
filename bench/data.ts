import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { generateFlowLines, headerLine } from '../src/sample/generate-flow-logs.ts';

export const DATA_DIR = join(import.meta.dirname, '.data');

/**
 * A deterministic gzipped v2 flow-log file of `records` lines (cached in bench/.data).
 * `interfaces`/`peers` control the number of digest groups.
 */
export async function benchFile(records: number, peers = 5000, interfaces = 200): Promise<string> {
  mkdirSync(DATA_DIR, { recursive: true });
  const path = join(DATA_DIR, `flows-${records}-${peers}-${interfaces}.log.gz`);
  if (existsSync(path)) {
    return path;
  }
  const tmp = `${path}.tmp`;
  const gz = createGzip({ level: 6 });
  const out = gz.pipe(createWriteStream(tmp));
  let buf = headerLine() + '\n';
  for (const line of generateFlowLines(records, { seed: 42, peers, interfaces, span: 86400 })) {
    buf += line + '\n';
    if (buf.length > 1 << 20) {
      if (!gz.write(buf)) {
        await once(gz, 'drain');
      }
      buf = '';
    }
  }
  gz.end(buf);
  await once(out, 'finish');
  renameSync(tmp, path);
  return path;
}
