import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { ResultStore } from './result-store.ts';

export interface StoreFixture {
  readonly store: ResultStore;
  cleanup(): Promise<void>;
}

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const k of it) {
    out.push(k);
  }
  return out.sort();
}

/** The behaviour every `ResultStore` must have; each implementation's test is one call. */
export function runResultStoreConformance(
  name: string,
  create: () => Promise<StoreFixture>,
  skip: { readonly concurrentReads?: string } = {},
): void {
  describe(`ResultStore conformance: ${name}`, () => {
    const fixtures: StoreFixture[] = [];
    const fresh = async () => {
      const f = await create();
      fixtures.push(f);
      return f.store;
    };
    after(async () => {
      for (const f of fixtures) {
        await f.cleanup();
      }
    });

    it('should return undefined and false for a missing key', async () => {
      const store = await fresh();
      assert.equal(await store.get('nope.dot'), undefined);
      assert.equal(await store.exists('nope.dot'), false);
    });

    it('should return the exact bytes put, binary included', async () => {
      const store = await fresh();
      const body = Uint8Array.from([0x1f, 0x8b, 0, 255, 10, 13]);
      await store.put('abc.log.gz', body);
      assert.deepEqual(Buffer.from((await store.get('abc.log.gz'))!), Buffer.from(body));
      assert.equal(await store.exists('abc.log.gz'), true);
    });

    it('should replace a key on a second put', async () => {
      const store = await fresh();
      await store.put('k.dot', Buffer.from('one'));
      await store.put('k.dot', Buffer.from('two'));
      assert.equal(Buffer.from((await store.get('k.dot'))!).toString(), 'two');
    });

    it('should delete a key, and deleting a missing key should not fail', async () => {
      const store = await fresh();
      await store.put('x_in_progress', Buffer.from('2019-01-01T00:00:00Z'));
      await store.delete('x_in_progress');
      await store.delete('x_in_progress');
      assert.equal(await store.exists('x_in_progress'), false);
    });

    it('should list keys by prefix', async () => {
      const store = await fresh();
      for (const k of ['a1.dot', 'a2.dot', 'b1.dot']) {
        await store.put(k, Buffer.from(k));
      }
      assert.deepEqual(await collect(store.list('a')), ['a1.dot', 'a2.dot']);
    });

    it(
      'should never expose a partial value to concurrent readers',
      {
        skip: skip.concurrentReads ?? false,
      },
      async () => {
        const store = await fresh();
        const big = (c: string) => Buffer.alloc(512 * 1024, c);
        await store.put('big.dot', big('a'));
        const writes = Promise.all([
          store.put('big.dot', big('b')),
          store.put('big.dot', big('c')),
        ]);
        const reads = await Promise.all(Array.from({ length: 5 }, () => store.get('big.dot')));
        await writes;
        for (const r of reads) {
          const s = Buffer.from(r!);
          assert.equal(s.length, 512 * 1024);
          assert.ok(
            s.every((b) => b === s[0]),
            'one writer’s bytes only',
          );
        }
      },
    );

    it('should pass its readiness check', async () => {
      const store = await fresh();
      await store.check();
    });
  });
}
