import type { Command } from '../command.ts';
import { formatOptions, intOpt, parseCommandArgs, stringOpt } from '../args.ts';
import type { OptionTable } from '../args.ts';
import {
  AWS_IP_RANGES_URL,
  DEFAULT_AWS_SNAPSHOT_PATH,
  fetchAwsIpRanges,
  writeAwsRangesSnapshot,
} from '../../enrich/aws-ranges-snapshot.ts';
import { resolve } from 'node:path';

const OPTIONS: OptionTable = {
  url: {
    type: 'string',
    arg: 'URL',
    help: `ip-ranges.json to download (default ${AWS_IP_RANGES_URL})`,
  },
  out: {
    type: 'string',
    arg: 'PATH',
    help: 'snapshot to rewrite (default data/aws-ip-ranges.json)',
  },
  timeout: { type: 'string', arg: 'MS', help: 'download timeout in milliseconds (default 30000)' },
};

export const updateDataCommand: Command = {
  name: 'update-data',
  summary: "Refresh the vendored AWS ip-ranges snapshot from AWS's published ip-ranges.json.",
  usage: `Usage: flowlens update-data [options]\n\nDownloads AWS's ip-ranges.json and rewrites the compact snapshot used to tag\naddresses with their AWS service and region. Needs network access.\n\nOptions:\n${formatOptions(OPTIONS)}\n`,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    const out = resolve(io.cwd, stringOpt(args, 'out') ?? DEFAULT_AWS_SNAPSHOT_PATH);
    const snapshot = await fetchAwsIpRanges({
      url: stringOpt(args, 'url') ?? AWS_IP_RANGES_URL,
      timeoutMs: intOpt(args, 'timeout', 30_000, 1),
    });
    await writeAwsRangesSnapshot(out, snapshot);
    io.stdout.write(
      `update-data: wrote ${snapshot.prefixes.length} prefixes (syncToken ${snapshot.syncToken}, createDate ${snapshot.createDate}) to ${out}\n`,
    );
    return 0;
  },
};
