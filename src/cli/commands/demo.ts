import { join, resolve } from 'node:path';
import { digestSources } from '../../aggregate/digest-sources.ts';
import { openSources } from '../../sources/index.ts';
import { writeSampleDataset } from '../../sample/write-sample-dataset.ts';
import {
  boolOpt,
  formatOptions,
  intOpt,
  parseCommandArgs,
  stringOpt,
  type OptionTable,
} from '../args.ts';
import type { Command } from '../command.ts';
import { humanSummary } from '../report.ts';
import { serveCommand } from './serve.ts';

const OPTIONS = {
  data: {
    type: 'string',
    arg: 'DIR',
    help: 'where the sample data and results live (default .flowlens/demo)',
  },
  hours: { type: 'string', arg: 'N', help: 'hours of sample traffic ending now (default 24)' },
  'no-serve': { type: 'boolean', help: 'only generate and digest the sample data, then exit' },
  port: { type: 'string', short: 'p', arg: 'PORT', help: 'listen port (default 8080)' },
  host: { type: 'string', arg: 'HOST', help: 'listen address (default 127.0.0.1)' },
} as const satisfies OptionTable;

const USAGE = `Usage: flowlens demo [options]

The embedded default, no cloud needed: writes a deterministic sample dataset laid out like a
VPC Flow Logs S3 bucket (gzip, header lines, one file per 5 minutes) if it is not there yet,
digests it, prints the summary, then serves the API and dashboard over it ('npm start').

Options:
${formatOptions(OPTIONS)}
`;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Generate sample flow logs, digest them, and serve them (what npm start runs).',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    const data = resolve(io.cwd, stringOpt(args, 'data') ?? join('.flowlens', 'demo'));
    const logs = join(data, 'flow-logs');
    const written = await writeSampleDataset({ dir: logs, hours: intOpt(args, 'hours', 24, 1) });
    io.stderr.write(
      written > 0
        ? `flowlens: wrote ${written} sample records under ${logs}\n`
        : `flowlens: using the sample data in ${logs}\n`,
    );
    const started = Date.now();
    const { digest, stats } = await digestSources(openSources([logs]));
    io.stderr.write(
      humanSummary(stats, (Date.now() - started) / 1000, [`${digest.entries.length} digest lines`]),
    );
    if (boolOpt(args, 'no-serve')) {
      return 0;
    }
    const pass = ['port', 'host'].flatMap((k) =>
      stringOpt(args, k) ? [`--${k}`, stringOpt(args, k)!] : [],
    );
    return serveCommand.run(['--data', data, ...pass, logs], io);
  },
};
