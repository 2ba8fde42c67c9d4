import { loadLiveConfig } from '../../config/live-config.ts';
import { FlowError } from '../../model/errors.ts';
import { createIngestStats } from '../../model/ingest-stats.ts';
import { compileLayout } from '../../sources/decode/log-format.ts';
import { openLivePipeline } from '../../live/live-pipeline.ts';
import { LIVE_CLI_OPTIONS } from '../../live/live-options.ts';
import { tailFiles } from '../../live/tail-files.ts';
import { boolOpt, formatOptions, parseCommandArgs, type OptionTable } from '../args.ts';
import type { Command } from '../command.ts';
import { humanSummary } from '../report.ts';

const OPTIONS = {
  ...LIVE_CLI_OPTIONS,
  'from-start': { type: 'boolean', help: 'read each file from its beginning, then follow it' },
  quiet: { type: 'boolean', short: 'q', help: 'no NDJSON on stdout (publish to MQTT only)' },
} as const satisfies OptionTable;

const USAGE = `Usage: flowlens tail [options] PATH...

Follows growing flow-log files like 'tail -F' (rotation and truncation included), enriches both
ends of every new record offline and prints one live 'flow' event per line (NDJSON, see
docs/live.md); with --mqtt-url also publishes seed-compatible messages. Stops on Ctrl-C.

Options:
${formatOptions(OPTIONS)}

Example:
  flowlens tail --mqtt-url mqtt://127.0.0.1:1883 /var/log/flows/current.log
`;

export const tailCommand: Command = {
  name: 'tail',
  summary: 'Follow growing flow-log files, enrich and print/publish records as they arrive.',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    if (args.positionals.length === 0) {
      throw new FlowError('FLOW_USAGE', 'no PATH given');
    }
    const cfg = loadLiveConfig(args.values, io.env);
    const quiet = boolOpt(args, 'quiet');
    const pipeline = await openLivePipeline(cfg, quiet ? {} : { ndjson: io.stdout });
    const ac = new AbortController();
    const stop = () => ac.abort();
    process.once('SIGINT', stop).once('SIGTERM', stop);
    const stats = createIngestStats();
    const started = Date.now();
    try {
      await tailFiles(args.positionals, {
        layout: compileLayout(cfg.logFormat),
        pipeline,
        stats,
        signal: ac.signal,
        fromStart: boolOpt(args, 'from-start'),
      });
    } finally {
      process.off('SIGINT', stop).off('SIGTERM', stop);
      await pipeline.close();
    }
    io.stderr.write(humanSummary(stats, (Date.now() - started) / 1000));
    return 0;
  },
};
