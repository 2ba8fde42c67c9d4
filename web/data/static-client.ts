import { ClientError, type DataClient } from './client.ts';
import type { OpenedJson } from './graph-json.ts';

/**
 * An opened export (`flowlens graph --format json`, `flowlens diff --format json`, or the
 * dashboard's own JSON export) with no server: every query answers with the file.
 */
export function createStaticClient(name: string, opened: OpenedJson): DataClient {
  const wrong = (want: string) =>
    new ClientError('no-file', `${name} is a ${opened.kind} export; open a ${want} export here`);
  return {
    mode: 'static',
    source: name,
    graph: async () => {
      if (opened.kind !== 'graph') {
        throw wrong('graph');
      }
      return opened.graph;
    },
    links: async () => {
      if (opened.kind !== 'graph') {
        throw wrong('graph');
      }
      return opened.graph;
    },
    diff: async () => {
      if (opened.kind !== 'diff') {
        throw wrong('diff');
      }
      return opened.diff;
    },
  };
}
