import type { WindowParams } from '../job.ts';
import { parseWindow } from '../job-params.ts';
import { formatJobTime, goTimeString } from '../job-time.ts';
import type { JobKind } from '../job-kind.ts';
import { NIL_UUID, uuidV5 } from '../uuid-v5.ts';

type WindowParts = 'fromQuery' | 'fromPayload' | 'toPayload' | 'idName' | 'queryNames';

/** The parts digest and graph share: `start`/`stop` in, Go time strings hashed. */
export function windowKindParts(): Pick<JobKind<WindowParams>, WindowParts> {
  return {
    queryNames: ['start', 'stop'],
    fromQuery: (get) => parseWindow(get('start'), get('stop')),
    fromPayload: (get) => parseWindow(get('start'), get('stop')),
    toPayload: (id, p) => ({ id, start: formatJobTime(p.start), stop: formatJobTime(p.stop) }),
    idName: (p) => goTimeString(p.start) + goTimeString(p.stop),
  };
}

export function kindNamespace(name: string): string {
  return uuidV5(NIL_UUID, name);
}

export function timeWindow(p: WindowParams): { start: number; stop: number } {
  return { start: p.start.seconds, stop: p.stop.seconds };
}
