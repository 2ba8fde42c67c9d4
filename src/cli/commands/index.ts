import { digestCommand } from './digest.ts';

/** The CLI's commands, as a typed map: `--help` and dispatch both derive from it. */
export const commands = {
  digest: digestCommand,
} as const;
