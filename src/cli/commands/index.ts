import { athenaCommand } from './athena.ts';
import { convertCommand } from './convert.ts';
import { demoCommand } from './demo.ts';
import { diffCommand } from './diff.ts';
import { digestCommand } from './digest.ts';
import { graphCommand } from './graph.ts';
import { linksCommand } from './links.ts';
import { queryCommand } from './query.ts';
import { serveCommand } from './serve.ts';
import { updateDataCommand } from './update-data.ts';
import { workerCommand } from './worker.ts';

/** The CLI's commands, as a typed map: `--help` and dispatch both derive from it. */
export const commands = {
  digest: digestCommand,
  'update-data': updateDataCommand,
  graph: graphCommand,
  diff: diffCommand,
  links: linksCommand,
  serve: serveCommand,
  worker: workerCommand,
  convert: convertCommand,
  query: queryCommand,
  athena: athenaCommand,
  demo: demoCommand,
} as const;
