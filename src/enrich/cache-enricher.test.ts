import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheEnricher } from './cache-enricher.ts';
import type { Enricher } from './enricher.ts';

/** A real (if trivial) enricher that records which addresses it computed. */
function countingEnricher(): { enricher: Enricher; computed: string[] } {
  const computed: string[] = [];
  return {
    computed,
    enricher: (ip) => {
      computed.push(ip);
      return { ip, scope: ip.startsWith('10.') ? 'private' : 'public' };
    },
  };
}

test('a hit returns the cached answer without recomputing', () => {
  const { enricher, computed } = countingEnricher();
  const cached = cacheEnricher(enricher, { capacity: 10 });
  const first = cached('10.0.0.1');
  assert.equal(cached('10.0.0.1'), first);
  assert.deepEqual(first, { ip: '10.0.0.1', scope: 'private' });
  assert.deepEqual(computed, ['10.0.0.1']);
  assert.equal(cached.stats.hits, 1);
  assert.equal(cached.stats.misses, 1);
});

test('the least recently used address is evicted at capacity', () => {
  const { enricher, computed } = countingEnricher();
  const cached = cacheEnricher(enricher, { capacity: 2 });
  cached('1.1.1.1');
  cached('2.2.2.2');
  cached('1.1.1.1'); // 1.1.1.1 is now the most recent
  cached('3.3.3.3'); // evicts 2.2.2.2
  assert.equal(cached.stats.size(), 2);
  cached('1.1.1.1');
  cached('2.2.2.2');
  assert.deepEqual(computed, ['1.1.1.1', '2.2.2.2', '3.3.3.3', '2.2.2.2']);
});

test('capacity below one still caches a single entry', () => {
  const { enricher, computed } = countingEnricher();
  const cached = cacheEnricher(enricher, { capacity: 0 });
  cached('8.8.8.8');
  cached('8.8.8.8');
  assert.deepEqual(computed, ['8.8.8.8']);
});

test('size stays within capacity; addresses used within the last capacity/2 insertions stay', () => {
  const { enricher, computed } = countingEnricher();
  const cached = cacheEnricher(enricher, { capacity: 100 });
  for (let i = 0; i < 1000; i++) {
    cached(`192.0.2.${i % 250}.${i}`);
    cached('8.8.8.8'); // used on every round: never recomputed
    assert.ok(cached.stats.size() <= 100);
  }
  assert.equal(computed.filter((ip) => ip === '8.8.8.8').length, 1);
  assert.equal(cached.stats.misses, 1001);
  assert.equal(cached.stats.hits, 999);
});
