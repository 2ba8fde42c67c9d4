import { loadLiveConfig } from '../../config/live-config.ts';
import { FlowError } from '../../model/errors.ts';
import { createIngestStats } from '../../model/ingest-stats.ts';
import { openSources } from '../../sources/index.ts';
import { compileLayout } from '../../sources/decode/log-format.ts';
import { openLivePipeline } from '../../live/live-pipeline.ts';
import { LIVE_CLI_OPTIONS } from '../../live/live-options.ts';
import { replaySources } from '../../live/replay-sources.ts';
import { boolOpt, formatOptions, parseCommandArgs, stringOpt, type OptionTable } from '../args.ts';
import type { Command } from '../command.ts';
import { humanSummary } from '../report.ts';
import { SOURCE_OPTIONS, sourceOptionsFrom } from '../source-options.ts';

const { 'log-format': _lf, start: _s, stop: _e, ...SOURCE_REST } = SOURCE_OPTIONS;

const OPTIONS = {
  ...LIVE_CLI_OPTIONS,
  ...SOURCE_REST,
  speed: {
    type: 'string',
    arg: 'N',
    help: 'playback rate: 1 = the logged pace, 60 = a minute per second, 0 = flat out (default 1)',
  },
  'max-wait': {
    type: 'string',
    arg: 'SECONDS',
    help: 'longest pause between records, so gaps do not stall a demo (default 5)',
  },
  quiet: { type: 'boolean', short: 'q', help: 'no NDJSON on stdout (publish to MQTT only)' },
} as const satisfies OptionTable;

const USAGE = `Usage: flowlens live [options] SOURCE...

Replays flow logs from any source (file, directory, '-', s3://…, cloudwatch://…) at a chosen
speed through the live pipeline: enriched 'flow' events as NDJSON on stdout (docs/live.md), and
seed-compatible MQTT messages with --mqtt-url. For demos and tests.

Options:
${formatOptions(OPTIONS)}

Example:
  flowlens live --speed 60 --mqtt-url mqtt://127.0.0.1:1883 logs/
`;

function positiveNumber(v: string | undefined, name: string, fallback: number): number {
  if (v === undefined) {
    return fallback;
  }
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    throw new FlowError('FLOW_USAGE', `--${name} must be a number >= 0, got '${v}'`);
  }
  return n;
}

export const liveCommand: Command = {
  name: 'live',
  summary: 'Replay any flow-log source at a chosen speed into the live pipeline (NDJSON/MQTT).',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    if (args.positionals.length === 0) {
      throw new FlowError('FLOW_USAGE', 'no SOURCE given');
    }
    const cfg = loadLiveConfig(args.values, io.env);
    const sources = openSources(args.positionals, sourceOptionsFrom(args, io.env));
    const pipeline = await openLivePipeline(
      cfg,
      boolOpt(args, 'quiet') ? {} : { ndjson: io.stdout },
    );
    const ac = new AbortController();
    const stop = () => ac.abort();
    process.once('SIGINT', stop).once('SIGTERM', stop);
    const stats = createIngestStats();
    const started = Date.now();
    try {
      await replaySources(sources, {
        pipeline,
        speed: positiveNumber(stringOpt(args, 'speed'), 'speed', 1),
        maxWaitMs: positiveNumber(stringOpt(args, 'max-wait'), 'max-wait', 5) * 1000,
        stats,
        signal: ac.signal,
        logFormat: compileLayout(cfg.logFormat),
      });
    } catch (e) {
      if (!ac.signal.aborted) {
        throw e;
      }
    } finally {
      process.off('SIGINT', stop).off('SIGTERM', stop);
      await pipeline.close();
    }
    io.stderr.write(humanSummary(stats, (Date.now() - started) / 1000));
    return 0;
  },
};
