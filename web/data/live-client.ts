import { ClientError, type DataClient, type Query } from './client.ts';
import type { DiffJson, GraphJson } from './graph-json.ts';
import { tokenStore } from './token-store.ts';

const STATUS_KINDS: Readonly<Record<number, ClientError['kind']>> = {
  400: 'bad-request',
  401: 'token',
  403: 'token',
};

/** A refused token says whether one was sent: "required" and "wrong" need different fixes. */
function tokenMessage(sent: boolean): string {
  return sent
    ? 'Token rejected: the server refused the bearer token you entered.'
    : 'Token required: this server only answers requests that carry its bearer token.';
}

async function errorFor(res: Response, tokenSent: boolean): Promise<ClientError> {
  const body = (await res.json().catch(() => ({}))) as { message?: string };
  const kind = STATUS_KINDS[res.status] ?? 'server';
  if (kind === 'token') {
    return new ClientError(kind, tokenMessage(tokenSent));
  }
  return new ClientError(kind, body.message ?? `${res.status} ${res.statusText}`);
}

/** Fetches JSON from the server, sending the bearer token when one is stored. */
export async function fetchJson<T>(path: string, query: Query, signal?: AbortSignal): Promise<T> {
  const url = `${path}?${new URLSearchParams(query).toString()}`;
  const token = tokenStore.get();
  let res: Response;
  try {
    res = await fetch(url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(signal ? { signal } : {}),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') {
      throw e;
    }
    throw new ClientError(
      'server-down',
      `cannot reach the flowlens server (${(e as Error).message})`,
    );
  }
  if (!res.ok) {
    throw await errorFor(res, token !== '');
  }
  return (await res.json()) as T;
}

/** The live server's `/api/v1/explore/*` queries. */
export function createLiveClient(base = ''): DataClient {
  return {
    mode: 'live',
    source: base || location.origin,
    graph: (q, s) => fetchJson<GraphJson>(`${base}/api/v1/explore/graph`, q, s),
    diff: (q, s) => fetchJson<DiffJson>(`${base}/api/v1/explore/diff`, q, s),
    links: (q, s) => fetchJson<GraphJson>(`${base}/api/v1/explore/links`, q, s),
  };
}
