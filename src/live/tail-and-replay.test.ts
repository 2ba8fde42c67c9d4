import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { loadLiveConfig } from '../config/live-config.ts';
import type { Enricher } from '../enrich/enricher.ts';
import { openEnricher } from '../enrich/open-enricher.ts';
import { createIngestStats } from '../model/ingest-stats.ts';
import type { FlowEvent } from '../protocol/live-events.ts';
import { DEFAULT_LAYOUT } from '../sources/decode/log-format.ts';
import { openSources } from '../sources/index.ts';
import { openLivePipeline } from './live-pipeline.ts';
import { flowLine } from './live-test-kit.ts';
import { ReplayClock } from './replay-clock.ts';
import { replaySources } from './replay-sources.ts';
import { tailFiles } from './tail-files.ts';

let enricher: Enricher;
before(async () => {
  enricher = await openEnricher();
});

function collect(out: PassThrough): FlowEvent[] {
  const events: FlowEvent[] = [];
  let rest = '';
  out.on('data', (d: Buffer) => {
    const parts = (rest + d.toString()).split('\n');
    rest = parts.pop()!;
    events.push(...parts.map((l) => JSON.parse(l) as FlowEvent));
  });
  return events;
}

async function until(pred: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    assert.ok(Date.now() < end, 'timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('tail follows appends (partial lines wait for their newline) and starts over after truncation', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'flowlens-tail-'));
  const file = join(dir, 'flows.log');
  await writeFile(file, flowLine('1.1.1.1', '10.0.0.1') + '\n');
  const out = new PassThrough();
  const events = collect(out);
  const pipeline = await openLivePipeline(loadLiveConfig({ 'mqtt-url': 'none' }, {}), {
    ndjson: out,
    enricher,
  });
  const ac = new AbortController();
  const stats = createIngestStats();
  const done = tailFiles([file], {
    layout: DEFAULT_LAYOUT,
    pipeline,
    stats,
    signal: ac.signal,
    pollMs: 20,
  });
  try {
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(events.length, 0, 'existing content is skipped without --from-start');
    const half = flowLine('8.8.8.8', '10.0.0.2');
    await appendFile(file, half.slice(0, 20));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(events.length, 0, 'a partial line is held back');
    await appendFile(file, half.slice(20) + '\n');
    await until(() => events.length === 1);
    assert.equal(events[0]!.src.geo?.countryCode, 'US');
    await truncate(file, 0);
    await new Promise((r) => setTimeout(r, 100));
    await appendFile(file, flowLine('10.0.0.3', '9.9.9.9') + '\n');
    await until(() => events.length === 2);
    assert.equal(events[1]!.dst.ip, '9.9.9.9');
    assert.equal(stats.kept, 2);
  } finally {
    ac.abort();
    await done;
    await pipeline.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('the replay clock follows the logged pace divided by speed, capped, never backwards', () => {
  const c = new ReplayClock({ speed: 10, maxWaitMs: 2000 });
  assert.equal(c.dueAt(100, 5000), 5000);
  assert.equal(c.dueAt(110, 5001), 6000, '10 s of log at 10x = 1 s');
  assert.equal(c.dueAt(105, 5002), 6000, 'an earlier record is due at once');
  assert.equal(c.dueAt(1000, 5003), 8000, 'gaps are capped');
  const flat = new ReplayClock({ speed: 0, maxWaitMs: 2000 });
  flat.dueAt(1, 10);
  assert.equal(flat.dueAt(1000, 11), 10);
});

test('live replays a file at speed through the pipeline', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'flowlens-replay-'));
  const file = join(dir, 'flows.log');
  const line = (t: number, src: string) =>
    `2 123456789012 eni-1 ${src} 10.0.0.1 443 5000 6 1 60 ${t} ${t + 60} ACCEPT OK`;
  await writeFile(
    file,
    [line(1000, '8.8.8.8'), line(1030, '1.1.1.1'), line(1030, '9.9.9.9')].join('\n') + '\n',
  );
  const out = new PassThrough();
  const events = collect(out);
  const pipeline = await openLivePipeline(loadLiveConfig({ 'mqtt-url': 'none' }, {}), {
    ndjson: out,
    enricher,
  });
  const t0 = Date.now();
  await replaySources(openSources([file]), {
    pipeline,
    speed: 100,
    maxWaitMs: 5000,
    stats: createIngestStats(),
    signal: new AbortController().signal,
  });
  const elapsed = Date.now() - t0;
  await pipeline.close();
  await rm(dir, { recursive: true, force: true });
  assert.deepEqual(
    events.map((e) => e.src.ip),
    ['8.8.8.8', '1.1.1.1', '9.9.9.9'],
  );
  assert.ok(elapsed >= 280, `30 s of log at 100x takes ~300 ms, took ${elapsed}`);
  assert.ok(events[1]!.receivedAt - events[0]!.receivedAt >= 280);
  assert.equal(events[2]!.receivedAt, events[1]!.receivedAt, 'records due together go together');
});
