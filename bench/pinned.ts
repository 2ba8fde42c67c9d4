/**
 * One measurement in a process of its own, so `bench/run.ts` can pin it to one core with
 * `taskset`: `node --import tsx bench/pinned.ts gunzip|library FILE` prints `{seconds, records}`.
 */
import { gunzipOnly, libraryDigest } from './digest.ts';

const [mode, file] = process.argv.slice(2);
if (!file || (mode !== 'gunzip' && mode !== 'library')) {
  console.error('usage: pinned.ts gunzip|library FILE');
  process.exit(2);
}
const m = mode === 'gunzip' ? await gunzipOnly(file) : await libraryDigest(file);
console.log(JSON.stringify({ seconds: m.seconds, records: m.records }));
