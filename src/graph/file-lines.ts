import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { FlowError } from '../model/errors.ts';

/** Lines of a file, streamed; read errors become FLOW_GRAPH_INVALID naming the file. */
export async function* fileLines(path: string): AsyncIterable<string> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of rl) {
      yield line;
    }
  } catch (e) {
    throw new FlowError('FLOW_GRAPH_INVALID', `cannot read graph ${path}`, { cause: e });
  } finally {
    rl.close();
    stream.destroy();
  }
}
