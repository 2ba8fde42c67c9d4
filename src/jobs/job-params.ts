import { FlowError } from '../model/errors.ts';
import type { DiffParams, WindowParams } from './job.ts';
import { parseJobTime } from './job-time.ts';

/**
 * The one validation rule shared by the API and the workers (fixes upstream quirk Q3, where the
 * API accepted windows the worker then rejected): both ends parse as RFC 3339 and, after
 * truncation to the minute, start is strictly before stop.
 */
export function parseWindow(
  start: string | undefined,
  stop: string | undefined,
  names: readonly [string, string] = ['start', 'stop'],
): WindowParams {
  const w = {
    start: parseJobTime(start ?? '', names[0]),
    stop: parseJobTime(stop ?? '', names[1]),
  };
  if (w.start.seconds >= w.stop.seconds) {
    throw new FlowError(
      'FLOW_JOB_INVALID',
      `${names[0]} should be before ${names[1]} (after truncation to the minute)`,
    );
  }
  return w;
}

/**
 * A diff's windows: each valid as above, and the previous range before the next one in diffd's
 * API sense (`previous_start <= next_start` and `previous_stop <= next_stop`). Overlapping
 * windows are allowed; upstream's worker rejected them after its API had accepted them.
 */
export function parseDiff(q: {
  previousStart?: string | undefined;
  previousStop?: string | undefined;
  nextStart?: string | undefined;
  nextStop?: string | undefined;
}): DiffParams {
  const previous = parseWindow(q.previousStart, q.previousStop, [
    'previous_start',
    'previous_stop',
  ]);
  const next = parseWindow(q.nextStart, q.nextStop, ['next_start', 'next_stop']);
  if (previous.start.seconds > next.start.seconds || previous.stop.seconds > next.stop.seconds) {
    throw new FlowError('FLOW_JOB_INVALID', 'the previous range should be before the next range');
  }
  return { previous, next };
}
