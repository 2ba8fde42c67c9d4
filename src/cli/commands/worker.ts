import { loadServiceConfig } from '../../config/load-service-config.ts';
import { FlowError } from '../../model/errors.ts';
import { runService } from '../../server/serve.ts';
import { formatOptions, parseCommandArgs, type OptionTable } from '../args.ts';
import type { Command } from '../command.ts';
import { SERVICE_OPTIONS } from './serve.ts';

const OPTIONS = { ...SERVICE_OPTIONS } as const satisfies OptionTable;

const USAGE = `Usage: flowlens worker [options] [SOURCE...]

Runs job workers only (no HTTP), pulling digest/graph/diff jobs from the queue: NATS JetStream
for scale-out (--nats or FLOWLENS_NATS_URL), or the embedded queue in --data. Results and
markers go to the same storage as 'flowlens serve' (DATA/results or the *_STORAGE_BUCKET).

Options:
${formatOptions(OPTIONS)}
`;

export const workerCommand: Command = {
  name: 'worker',
  summary: 'Run digest/graph/diff workers only (for NATS scale-out).',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    const config = loadServiceConfig(args.values, args.positionals, io.env, io.cwd);
    if (config.queue.kind === 'http') {
      throw new FlowError('FLOW_USAGE', 'workers pull from a queue; an event bus pushes to serve');
    }
    const running = await runService(
      { ...config, workers: Math.max(config.workers, 1) },
      { apiEnabled: false },
    );
    io.stderr.write(`flowlens: worker running (${config.queue.kind} queue)\n`);
    await running.done;
    return 0;
  },
};
