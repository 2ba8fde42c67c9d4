import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FlowRecord } from '../model/flow-record.ts';
import { createIngestStats, totalSkipped, type IngestStats } from '../model/ingest-stats.ts';
import { readFlows } from './read-flows.ts';
import type { Source } from './source.ts';

/** The v2 header line text sources write before their records. */
export const V2_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';

/** Generated input for a source: log objects, each a list of lines (no header). */
export interface SourceFixture {
  readonly header: string;
  readonly objects: readonly (readonly string[])[];
}

export interface SourceConformanceOptions {
  readonly name: string;
  /**
   * Builds the source over the fixture: one log object (file, S3 key, page of events) per
   * fixture object, in order, text objects starting with `fixture.header`. The caller owns
   * clean-up of whatever it creates (temp dirs, servers), e.g. in an `after` hook.
   */
  readonly create: (fixture: SourceFixture) => Source | Promise<Source>;
}

/** A deterministic v2 record and its line. */
function record(i: number): { line: string; rec: FlowRecord } {
  const rec = {
    version: 2,
    accountId: '012345678901',
    interfaceId: `eni-${(0x1000 + (i % 7)).toString(16)}abcdef012`,
    srcaddr: `10.0.${i % 5}.${(i * 7) % 250}`,
    dstaddr: i % 3 === 0 ? `2001:db8::${(i % 90) + 1}` : `172.16.${i % 11}.${(i * 13) % 250}`,
    srcport: 1024 + ((i * 37) % 60000),
    dstport: [443, 22, 53, 80][i % 4]!,
    protocol: i % 4 === 2 ? 17 : 6,
    packets: 1 + (i % 50),
    bytes: 40 + i * 97,
    start: 1_700_000_000 + i * 10,
    end: 1_700_000_060 + i * 10,
    action: i % 9 === 0 ? 'REJECT' : 'ACCEPT',
    logStatus: 'OK',
  } satisfies FlowRecord;
  return { line: Object.values(rec).join(' '), rec };
}

/** `objects` objects of `perObject` records each, numbered from 0. */
export function generateFixture(objects: number, perObject: number) {
  const recs: FlowRecord[] = [];
  const fixture: SourceFixture = {
    header: V2_HEADER,
    objects: Array.from({ length: objects }, (_, o) =>
      Array.from({ length: perObject }, (_, j) => {
        const r = record(o * perObject + j);
        recs.push(r.rec);
        return r.line;
      }),
    ),
  };
  return { fixture, records: recs };
}

/** Lines the parser must refuse (and count), one per skip reason family. */
const MALFORMED = [
  '2 012345678901 eni-0abc 10.0.0.1',
  '2 012345678901 eni-0abc 10.0.0.300 10.0.0.2 443 1234 6 1 40 1700000000 1700000060 ACCEPT OK',
  '2 012345678901 eni-0abc 10.0.0.1 10.0.0.2 https 1234 6 1 40 1700000000 1700000060 ACCEPT OK',
  '2 012345678901 eni-0abc 10.0.0.1 10.0.0.2 443 1234 6 1 40 1700000000 1700000060 ACCEPT OK x y',
  '\u0001\u0002\u0003 junk \u00ff',
];

const sortKey = (r: FlowRecord) => JSON.stringify(r);

async function readAll(source: Source, signal?: AbortSignal) {
  const stats: IngestStats = createIngestStats();
  const records: FlowRecord[] = [];
  for await (const batch of readFlows([source], { stats, ...(signal ? { signal } : {}) })) {
    records.push(...batch);
  }
  return { records, stats };
}

/**
 * The behaviour every source must share: it yields the fixture's records through `readFlows`,
 * bad lines are counted rather than thrown, empty input is fine, and an abort stops reading.
 */
export function runSourceConformance({ name, create }: SourceConformanceOptions): void {
  describe(`source conformance: ${name}`, () => {
    it("should yield the fixture's records", async () => {
      const { fixture, records } = generateFixture(3, 40);
      const got = await readAll(await create(fixture));
      assert.deepEqual(got.records.map(sortKey).sort(), records.map(sortKey).sort());
      assert.equal(got.stats.records, 120);
      assert.equal(got.stats.kept, 120);
      assert.equal(got.stats.objects, 3);
      assert.equal(totalSkipped(got.stats), 0);
    });

    it('should count malformed lines instead of throwing', async () => {
      const { fixture, records } = generateFixture(2, 10);
      const objects = fixture.objects.map((lines, i) =>
        i === 0 ? [...MALFORMED, ...lines] : [...lines, ...MALFORMED],
      );
      const got = await readAll(await create({ ...fixture, objects }));
      assert.equal(got.records.length, records.length);
      assert.equal(got.stats.kept, records.length);
      assert.equal(totalSkipped(got.stats), 2 * MALFORMED.length);
      assert.equal(got.stats.records, records.length + 2 * MALFORMED.length);
    });

    it('should handle empty input', async () => {
      const got = await readAll(await create({ header: V2_HEADER, objects: [] }));
      assert.deepEqual(got.records, []);
      assert.equal(got.stats.records, 0);
      assert.equal(totalSkipped(got.stats), 0);
    });

    it('should stop on an aborted signal', async () => {
      const { fixture } = generateFixture(4, 25);
      const source = await create(fixture);
      const before = new AbortController();
      before.abort();
      await assert.rejects(readAll(source, before.signal), { name: 'AbortError' });

      const during = new AbortController();
      let seen = 0;
      const reading = (async () => {
        for await (const batch of readFlows([source], { signal: during.signal })) {
          seen += batch.length;
          during.abort();
        }
      })();
      await assert.rejects(reading, { name: 'AbortError' });
      assert.ok(seen > 0 && seen < 100, `read ${seen} of 100 records before stopping`);
    });
  });
}
