import { FlowError } from '../../model/errors.ts';
import type { JobPublisher } from '../job-queue.ts';

/** Statuses that mean "accepted": 200 (upstream), 202 (queued), 204 (a worker did it; Q1). */
const ACCEPTED = new Set([200, 202, 204]);

/**
 * Upstream's queuer: POSTs the worker body to `STREAM_APPLIANCE_ENDPOINT` (an event bus, or this
 * service's own `/{topic}/{event}` route for standalone mode). Upstream required 200, so a
 * self-POST answered 204 counted as a failure (Q1); any 2xx-without-content is accepted here.
 */
export function createHttpQueuer(
  endpoint: string,
  headers: Record<string, string> = {},
): JobPublisher {
  return {
    kind: 'http',
    async enqueue(job) {
      let res: Response;
      try {
        res = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream', ...headers },
          // `kind` lets one flowlens worker route serve every kind; Go workers ignore it.
          body: JSON.stringify({ ...job.payload, kind: job.kind }),
        });
      } catch (e) {
        throw new FlowError('FLOW_QUEUE', `cannot reach ${endpoint}`, { cause: e });
      }
      const text = await res.text();
      if (!ACCEPTED.has(res.status)) {
        throw new FlowError(
          'FLOW_QUEUE',
          `event bus answered ${res.status}: ${text.slice(0, 200)}`,
        );
      }
    },
    close: async () => undefined,
    check: async () => undefined,
  };
}
