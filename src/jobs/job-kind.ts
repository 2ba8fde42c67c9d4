import type { Source } from '../sources/source.ts';
import type { JobParams } from './job.ts';
import type { RemoteResults } from './remote/remote-results.ts';

/** An extra artefact a job stores beside its main result (e.g. the graph model as JSON). */
export interface JobArtefact {
  readonly suffix: string;
  readonly body: Uint8Array;
}

/** What a job produces: the upstream-compatible result plus optional artefacts. */
export interface JobOutput {
  readonly body: Uint8Array;
  readonly artefacts?: readonly JobArtefact[];
  /** Small JSON-able summary kept in the job record (counts, reading statistics). */
  readonly summary?: Record<string, unknown>;
}

/** What a kind may use while running. */
export interface JobRunDeps {
  /** Opens the configured flow-log sources afresh for one run. */
  readonly openSources: () => Source[];
  readonly signal?: AbortSignal;
  /** Digests/graphs polled from other services instead of computed here (Q6 clients). */
  readonly remote?: RemoteResults;
}

/** A query/payload value lookup: `get('start')`. */
export type ValueLookup = (name: string) => string | undefined;

/**
 * One job kind (digest, graph, diff): how its parameters are read from a compatible query or a
 * worker payload, how its ID is derived, where its result is stored and how it is computed.
 * Adding a kind is one file in `kinds/` and one line in `job-kinds.ts`.
 */
export interface JobKind<P extends JobParams = JobParams> {
  readonly name: string;
  /** UUIDv5 namespace: `uuidV5(NIL, name)`. */
  readonly namespace: string;
  /** Stored key = `<id><suffix>`. */
  readonly suffix: string;
  /** Compatible query parameter names (for docs and OpenAPI). */
  readonly queryNames: readonly string[];
  /** Parses and validates a compatible query (400 on failure). */
  fromQuery(get: ValueLookup): P;
  /** Parses and validates a worker payload's fields (camelCase, as upstream's queuers). */
  fromPayload(get: ValueLookup): P;
  toPayload(id: string, params: P): Record<string, string>;
  /** The UUIDv5 name: Go `Time.String()` of each (truncated) time, concatenated. */
  idName(params: P): string;
  existsMessage(id: string, params: P): string;
  inProgressMessage(id: string): string;
  run(params: P, deps: JobRunDeps): Promise<JobOutput>;
}
