import { diffCommand } from './diff.ts';
import { digestCommand } from './digest.ts';
import { graphCommand } from './graph.ts';
import { linksCommand } from './links.ts';
import { updateDataCommand } from './update-data.ts';

/** The CLI's commands, as a typed map: `--help` and dispatch both derive from it. */
export const commands = {
  digest: digestCommand,
  'update-data': updateDataCommand,
  graph: graphCommand,
  diff: diffCommand,
  links: linksCommand,
} as const;
