/** The graph JSON contract (docs/graph-json.md, schema 1) as the dashboard reads it. */
export interface GraphNodeAttributes {
  readonly label?: string;
  readonly kind?: string;
  readonly flows: number;
  readonly packets: number;
  readonly bytes: number;
  /** Added by `/api/v1/explore/*` for IP nodes (additive attributes). */
  readonly scope?: string;
  readonly geo?: {
    readonly country: string;
    readonly countryCode: string;
    readonly region: string;
    readonly city: string;
    readonly lat: number;
    readonly lon: number;
  };
  readonly asn?: { readonly number: number; readonly org: string };
  readonly aws?: { readonly service: string; readonly region: string; readonly prefix: string };
}

export interface GraphEdgeAttributes {
  readonly account?: string | null;
  readonly eni?: string | null;
  readonly srcPort: number | null;
  readonly dstPort: number | null;
  readonly protocol: number | null;
  readonly action: string | null;
  readonly flows: number;
  readonly packets: number;
  readonly bytes: number;
  readonly start?: number | null;
  readonly end?: number | null;
}

export interface Attribution {
  readonly text: string;
  readonly url: string;
  readonly license: string;
}

export interface GraphJson {
  readonly attributes: Record<string, unknown> & {
    readonly name?: string;
    readonly weight?: string;
    readonly grouping?: string;
    readonly attribution?: readonly Attribution[];
  };
  readonly options?: Record<string, unknown>;
  readonly nodes: readonly { key: string; attributes: GraphNodeAttributes }[];
  readonly edges: readonly JsonEdge[];
}

export interface JsonEdge {
  readonly key: string;
  readonly source: string;
  readonly target: string;
  readonly attributes: GraphEdgeAttributes;
}

export interface Volume {
  readonly flows: number;
  readonly packets: number;
  readonly bytes: number;
}

/** `flowlens diff --format json` (src/graph/diff-json.ts). */
export interface DiffJson {
  readonly attributes: Record<string, unknown> & {
    readonly kind: 'diff';
    readonly weight?: string;
  };
  readonly added: readonly JsonEdge[];
  readonly removed: readonly JsonEdge[];
  readonly changed: readonly (JsonEdge & {
    readonly before: Volume;
    readonly after: Volume;
    readonly ratio: number | null;
  })[];
  readonly nodes?: {
    readonly added?: readonly { key: string }[];
    readonly removed?: readonly { key: string }[];
  };
  readonly becameRejected?: readonly { source: string; target: string }[];
  readonly summary?: { readonly added: number; readonly removed: number; readonly changed: number };
}

export type OpenedJson = { kind: 'graph'; graph: GraphJson } | { kind: 'diff'; diff: DiffJson };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Tells a graph export from a diff export; throws a readable error for anything else. */
export function classifyJson(value: unknown): OpenedJson {
  if (!isObject(value) || !isObject(value.attributes)) {
    throw new Error('not a flowlens graph or diff JSON (no "attributes" object)');
  }
  if (value.attributes.kind === 'diff' && Array.isArray(value.added)) {
    return { kind: 'diff', diff: value as unknown as DiffJson };
  }
  if (Array.isArray(value.nodes) && Array.isArray(value.edges)) {
    return { kind: 'graph', graph: value as unknown as GraphJson };
  }
  throw new Error('not a flowlens graph or diff JSON (expected nodes/edges or added/removed)');
}
