import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createMarkers, formatRfc3339Nano } from './markers.ts';
import { createDirStore } from './stores/dir-store.ts';

describe('in-progress markers', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'flowlens-markers-'));
  after(() => rm(dir, { recursive: true, force: true }));
  const store = createDirStore(dir);
  let now = Date.parse('2019-01-01T01:00:00Z');
  const markers = createMarkers(store, 1000, () => now);

  it('should store the RFC3339Nano time under <id>_in_progress', async () => {
    await markers.mark('m1');
    assert.equal(
      Buffer.from((await store.get('m1_in_progress'))!).toString(),
      '1999-01-01T01:00:00Z'.replace('1999', '2019'),
    );
    assert.equal(
      formatRfc3339Nano(Date.parse('2019-01-01T00:00:00.120Z')),
      '2019-01-01T00:00:00.12Z',
    );
  });

  it('should be in progress only while now < marked + timeout', async () => {
    await markers.mark('m2');
    assert.equal(await markers.inProgress('m2'), true);
    now += 999;
    assert.equal(await markers.inProgress('m2'), true);
    now += 1;
    assert.equal(await markers.inProgress('m2'), false);
  });

  it('should treat a missing or unparsable marker as not in progress', async () => {
    assert.equal(await markers.inProgress('none'), false);
    await store.put('bad_in_progress', Buffer.from('yesterday'));
    assert.equal(await markers.inProgress('bad'), false);
  });

  it('should not be in progress after unmark', async () => {
    await markers.mark('m3');
    await markers.unmark('m3');
    assert.equal(await markers.inProgress('m3'), false);
    assert.equal(await store.exists('m3_in_progress'), false);
  });
});
