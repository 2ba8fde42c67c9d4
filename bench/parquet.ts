// Digest the same generated flow logs three ways in one run and print the ratios:
// gzip text through the streaming core, Parquet through DuckDB, and the text → Parquet
// conversion. Usage: node --import tsx bench/parquet.ts [records=1000000]
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { DuckDbEngine } from '../src/analytics/duckdb-engine.ts';
import { PartitionedWriter } from '../src/analytics/partitioned-writer.ts';
import { buildDigestQuery } from '../src/analytics/query-builder.ts';
import { digestFromRows } from '../src/analytics/query-results.ts';
import { syntheticFlowLines } from '../src/analytics/synthetic-flows.ts';
import { digestSources } from '../src/aggregate/digest-sources.ts';
import { createFileSource } from '../src/sources/file/file-source.ts';
import { readFlows } from '../src/sources/read-flows.ts';

const records = Number(process.argv[2] ?? 1_000_000);
const dir = join('bench', '.data', 'parquet');

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const v = await fn();
  return [v, (performance.now() - t) / 1000];
}

async function* lines() {
  for (const l of syntheticFlowLines({ records, hosts: 16 })) {
    yield l + '\n';
  }
}

await rm(dir, { recursive: true, force: true });
await mkdir(dir, { recursive: true });
const gz = join(dir, 'flows.log.gz');
await pipeline(Readable.from(lines()), createGzip(), createWriteStream(gz));

const [text, tText] = await timed(() => digestSources([createFileSource(gz)]));
const [files, tConvert] = await timed(async () => {
  const w = new PartitionedWriter({ dir: join(dir, 'out'), runId: 'bench' });
  for await (const b of readFlows([createFileSource(gz)])) {
    b.forEach((r) => w.add(r));
  }
  return w.close();
});
const [duck, tDuck] = await timed(async () => {
  const e = await DuckDbEngine.create();
  try {
    await e.load([createFileSource(join(dir, 'out'))]);
    return digestFromRows(await e.run(buildDigestQuery()));
  } finally {
    await e.close();
  }
});
const same = JSON.stringify(duck) === JSON.stringify(text.digest);
let parquetBytes = 0;
for (const f of files) {
  parquetBytes += (await stat(f)).size;
}
const gzBytes = (await stat(gz)).size;
const fmt = (s: number) =>
  `${s.toFixed(2)} s (${Math.round(records / s).toLocaleString('en')} rec/s)`;
console.log(
  `records: ${records.toLocaleString('en')}, digest lines: ${text.digest.entries.length}`,
);
console.log(
  `gzip text ${(gzBytes / 1e6).toFixed(1)} MB; Parquet ${(parquetBytes / 1e6).toFixed(1)} MB in ${files.length} files`,
);
console.log(`digest, gzip text, streaming core: ${fmt(tText)}`);
console.log(`digest, Parquet, DuckDB:           ${fmt(tDuck)}`);
console.log(`convert gzip text → Parquet:       ${fmt(tConvert)}`);
console.log(`ratio streaming/DuckDB:            ${(tText / tDuck).toFixed(2)}x`);
console.log(`ratio convert/streaming digest:    ${(tConvert / tText).toFixed(2)}x`);
const gain = tText - tDuck;
console.log(
  `convert pays off after: ${gain > 0 ? Math.ceil(tConvert / gain) : 'never'} re-queries`,
);
console.log(`results equal: ${same}`);
await rm(dir, { recursive: true, force: true });
process.exitCode = same ? 0 : 1;
