import { digestCommand } from './digest.ts';
import { updateDataCommand } from './update-data.ts';

/** The CLI's commands, as a typed map: `--help` and dispatch both derive from it. */
export const commands = {
  digest: digestCommand,
  'update-data': updateDataCommand,
} as const;
