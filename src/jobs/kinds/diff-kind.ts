import { writeDotDiff } from '../../graph/diff-dot.ts';
import { writeJsonDiff } from '../../graph/diff-json.ts';
import { formatRfc3339 } from '../../model/time.ts';
import type { DiffParams } from '../job.ts';
import { parseDiff } from '../job-params.ts';
import { formatJobTime, goTimeString } from '../job-time.ts';
import type { JobKind } from '../job-kind.ts';
import { createTextCollector } from './collect-text.ts';
import { diffInputs } from './diff-inputs.ts';
import { kindNamespace } from './window-kind.ts';

/** Suffix of the JSON diff stored beside the DOT one (native API). */
export const DIFF_JSON_SUFFIX = '.diff.json';

const rfc = (s: number) => formatRfc3339(s);

/**
 * vpcflow-diffd's job: what changed between two windows' graphs, stored as DOT in `<id>.dot`.
 * The ID hashes the *truncated* times (upstream hashed the raw ones, quirk Q4), so
 * `T00:00:30Z` and `T00:00:00Z` name the same diff.
 */
export const diffKind: JobKind<DiffParams> = {
  name: 'diff',
  namespace: kindNamespace('diff'),
  suffix: '.dot',
  queryNames: ['previous_start', 'previous_stop', 'next_start', 'next_stop'],
  fromQuery: (get) =>
    parseDiff({
      previousStart: get('previous_start'),
      previousStop: get('previous_stop'),
      nextStart: get('next_start'),
      nextStop: get('next_stop'),
    }),
  fromPayload: (get) =>
    parseDiff({
      previousStart: get('previousStart'),
      previousStop: get('previousStop'),
      nextStart: get('nextStart'),
      nextStop: get('nextStop'),
    }),
  toPayload: (id, p) => ({
    id,
    previousStart: formatJobTime(p.previous.start),
    previousStop: formatJobTime(p.previous.stop),
    nextStart: formatJobTime(p.next.start),
    nextStop: formatJobTime(p.next.stop),
  }),
  idName: (p) =>
    [p.previous.start, p.previous.stop, p.next.start, p.next.stop].map(goTimeString).join(''),
  existsMessage: (_id, p) =>
    `diff for the time range ${rfc(p.previous.start.seconds)} to ${rfc(p.previous.stop.seconds)} and time range ${rfc(p.next.start.seconds)} to ${rfc(p.next.stop.seconds)} already exists`,
  inProgressMessage: (id) => `diff ${id} is being created`,
  async run(params, deps) {
    const inputs = await diffInputs(params, deps);
    try {
      const dot = createTextCollector();
      const summary = await writeDotDiff(inputs.previous, inputs.next, dot.out);
      const json = createTextCollector();
      await writeJsonDiff(inputs.previous, inputs.next, json.out);
      return {
        body: dot.bytes(),
        artefacts: [{ suffix: DIFF_JSON_SUFFIX, body: json.bytes() }],
        summary: { added: summary.addedEdges, removed: summary.removedEdges },
      };
    } finally {
      await inputs.dispose();
    }
  },
};
