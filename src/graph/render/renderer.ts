import type { FlowGraph } from '../flow-graph.ts';

/** One output format. `render` yields text chunks so large graphs stream to the writer. */
export interface Renderer {
  /** `--format` value. */
  readonly name: string;
  readonly mediaType: string;
  /** File extension, without the dot. */
  readonly extension: string;
  render(graph: FlowGraph): Iterable<string> | AsyncIterable<string>;
}
