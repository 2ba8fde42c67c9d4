import { setTimeout as sleep } from 'node:timers/promises';
import { FlowError } from '../../model/errors.ts';

/** Another vpcflow-style service whose results this one polls (`DIGESTER_ENDPOINT`, …). */
export interface PollingConfig {
  /** Base URL of the service's compatible route, e.g. `http://digesterd:8080/` or `…/digest`. */
  readonly endpoint: string;
  /** Pause between GETs that answer 204. */
  readonly intervalMs: number;
  /** Give up after this long; `-1` polls forever (upstream's README promise, broken there: Q6). */
  readonly timeoutMs: number;
  /** Extra request headers (a bearer token). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface PollingClient {
  /** POSTs the query, then GETs it until 200 and returns the body exactly as served. */
  result(query: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<Uint8Array>;
}

function fail(message: string, cause?: unknown): FlowError {
  return new FlowError('FLOW_DATA_FETCH', message, cause === undefined ? undefined : { cause });
}

async function call(url: URL, method: string, c: PollingConfig, signal?: AbortSignal) {
  try {
    return await fetch(url, { method, headers: { ...c.headers }, ...(signal ? { signal } : {}) });
  } catch (e) {
    throw fail(`${method} ${url.origin}${url.pathname} failed: ${(e as Error).message}`, e);
  }
}

/**
 * grapherd's digester client and diffd's grapher client as one: `POST ?query` (202 queued or
 * 409 exists/in progress both mean "it will be there"), then `GET ?query` every interval while
 * it answers 204, until 200. Any other status, 404 included, is an error, as upstream.
 */
export function createPollingClient(c: PollingConfig): PollingClient {
  return {
    async result(query, signal) {
      const url = new URL(c.endpoint);
      for (const [k, v] of Object.entries(query)) {
        url.searchParams.set(k, v);
      }
      const posted = await call(url, 'POST', c, signal);
      const text = await posted.text();
      if (posted.status !== 202 && posted.status !== 409) {
        throw fail(`unexpected response from ${url.host} ${posted.status}: ${text.slice(0, 200)}`);
      }
      const deadline = c.timeoutMs < 0 ? Number.POSITIVE_INFINITY : Date.now() + c.timeoutMs;
      for (let attempt = 1; ; attempt++) {
        const res = await call(url, 'GET', c, signal);
        if (res.status === 200) {
          return new Uint8Array(await res.arrayBuffer());
        }
        const body = await res.text();
        if (res.status !== 204) {
          throw fail(`unexpected response while polling ${url.host} ${res.status}: ${body}`);
        }
        if (Date.now() + c.intervalMs > deadline) {
          throw fail(`request time out reached after ${attempt} attempt(s)`);
        }
        await sleep(c.intervalMs, undefined, signal ? { signal } : {});
      }
    },
  };
}
