import type { Command } from '../command.ts';

/** A command as listed: its name and summary now, its code (and dependencies) only when run. */
export interface CommandEntry {
  readonly summary: string;
  load(): Promise<Command>;
}

/**
 * The CLI's commands, as a typed map: `--help` and dispatch both derive from it. Modules load
 * lazily, so `flowlens digest` never pays for DuckDB, the HTTP stack or the geo databases.
 */
export const commands = {
  digest: {
    summary: 'Digest flow logs for a time window (vpcflow-digesterd compatible).',
    load: async () => (await import('./digest.ts')).digestCommand,
  },
  graph: {
    summary: 'Draw flow logs as a graph (dot, json, graphml, mermaid, force-graph, vis, svg).',
    load: async () => (await import('./graph.ts')).graphCommand,
  },
  diff: {
    summary: 'Compare two windows or two saved graphs (vpcflow-diffd compatible DOT, or JSON).',
    load: async () => (await import('./diff.ts')).diffCommand,
  },
  links: {
    summary: 'What talks to these IPs: inspect, rejects, correlate (flow-optics, fixed).',
    load: async () => (await import('./links.ts')).linksCommand,
  },
  serve: {
    summary: 'Serve the digest/graph/diff API (vpcflow compatible) with embedded workers.',
    load: async () => (await import('./serve.ts')).serveCommand,
  },
  worker: {
    summary: 'Run digest/graph/diff workers only (for NATS scale-out).',
    load: async () => (await import('./worker.ts')).workerCommand,
  },
  convert: {
    summary: 'Convert flow logs to Hive-partitioned Parquet.',
    load: async () => (await import('./convert.ts')).convertCommand,
  },
  query: {
    summary: 'SQL over flow logs: DuckDB locally, Athena at scale.',
    load: async () => (await import('./query.ts')).queryCommand,
  },
  athena: {
    summary: 'Athena helpers: print the table DDL for a flow-log bucket.',
    load: async () => (await import('./athena.ts')).athenaCommand,
  },
  'update-data': {
    summary: "Refresh the vendored AWS ip-ranges snapshot from AWS's published ip-ranges.json.",
    load: async () => (await import('./update-data.ts')).updateDataCommand,
  },
  tail: {
    summary: 'Follow growing flow-log files, enrich and print/publish records as they arrive.',
    load: async () => (await import('./tail.ts')).tailCommand,
  },
  live: {
    summary: 'Replay any flow-log source at a chosen speed into the live pipeline (NDJSON/MQTT).',
    load: async () => (await import('./live.ts')).liveCommand,
  },
  demo: {
    summary: 'Generate sample flow logs, digest them, and serve them (what npm start runs).',
    load: async () => (await import('./demo.ts')).demoCommand,
  },
} as const satisfies Record<string, CommandEntry>;
