import type { DiffJson, GraphJson } from './graph-json.ts';

/** Query values as they appear in the URL and in `/api/v1/explore/*` (same names). */
export type Query = Readonly<Record<string, string>>;

/** Why a request failed, so views can say what to do about it. */
export type ClientErrorKind = 'token' | 'server-down' | 'bad-request' | 'server' | 'no-file';

export class ClientError extends Error {
  constructor(
    readonly kind: ClientErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

/**
 * Where the views get data: the live server (`live-client.ts`) or an opened export
 * (`static-client.ts`). Views only see this interface.
 */
export interface DataClient {
  readonly mode: 'live' | 'static';
  /** A short description for the status bar (server URL or file name). */
  readonly source: string;
  graph(query: Query, signal?: AbortSignal): Promise<GraphJson>;
  diff(query: Query, signal?: AbortSignal): Promise<DiffJson>;
  links(query: Query, signal?: AbortSignal): Promise<GraphJson>;
}
