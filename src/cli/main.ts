import type { CliIo } from './command.ts';
import { commands, type CommandEntry } from './commands/index.ts';
import { isFlowError } from '../model/errors.ts';

function defaultIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  };
}

function overview(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return [
    'flowlens: turn AWS VPC Flow Logs into answers.',
    '',
    'Usage: flowlens <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    "Run 'flowlens <command> --help' for a command's options.",
  ].join('\n');
}

/** Entry point shared by `bin/flowlens.mjs` and the tests. Returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(overview() + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write('flowlens 0.1.0\n');
    return 0;
  }
  const entry = (commands as Record<string, CommandEntry>)[name];
  if (!entry) {
    io.stderr.write(`flowlens: unknown command '${name}'\n\n${overview()}\n`);
    return 2;
  }
  try {
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(command.usage.trimEnd() + '\n');
      return 0;
    }
    return await command.run(rest, io);
  } catch (e) {
    return reportError(e, io);
  }
}

function reportError(e: unknown, io: CliIo): number {
  if ((e as NodeJS.ErrnoException)?.code === 'EPIPE') {
    // The reader went away (`flowlens ... | head`): not an error worth a stack trace.
    return 0;
  }
  if (isFlowError(e)) {
    io.stderr.write(`flowlens: ${e.message} [${e.code}]\n`);
    return e.code === 'FLOW_USAGE' ? 2 : 1;
  }
  const err = e as Error;
  io.stderr.write(`flowlens: unexpected error: ${err?.stack ?? String(e)}\n`);
  return 1;
}
