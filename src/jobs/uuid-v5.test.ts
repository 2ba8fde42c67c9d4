import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jobId, jobKind } from './job-kinds.ts';
import { parseDiff, parseWindow } from './job-params.ts';
import { NIL_UUID, uuidV5 } from './uuid-v5.ts';

// Vectors from the seed-systems spec §2.3 (computed with Python's uuid.uuid5).
describe('uuidV5 and upstream job IDs', () => {
  it('should derive the three namespaces from the nil UUID', () => {
    assert.equal(uuidV5(NIL_UUID, 'digest'), 'e2acb2e7-694f-5d8a-a957-efcf50fc0e8e');
    assert.equal(uuidV5(NIL_UUID, 'graph'), '33310a16-3941-5f0e-8bf1-502484655587');
    assert.equal(uuidV5(NIL_UUID, 'diff'), '0c1312e4-88e7-5ed7-aa3e-4645b712c012');
  });

  it('should match the RFC 4122 DNS example', () => {
    const dns = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
    assert.equal(uuidV5(dns, 'python.org'), '886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('should give digesterd and grapherd IDs for a window', () => {
    const p = parseWindow('2019-01-01T00:00:00Z', '2019-01-01T01:00:00Z');
    assert.equal(jobId(jobKind('digest'), p), '9740a140-ba85-5600-8b93-7b46eec77617');
    assert.equal(jobId(jobKind('graph'), p), '96069e46-92fe-5bb8-aa83-14139ca72643');
  });

  it('should give the same ID for times within the same minute', () => {
    const a = parseWindow('2019-01-01T00:00:59.999Z', '2019-01-01T01:00:30Z');
    assert.equal(jobId(jobKind('digest'), a), '9740a140-ba85-5600-8b93-7b46eec77617');
  });

  it('should give diffd IDs over the truncated times (Q4 fixed)', () => {
    const q = {
      previousStart: '2019-01-01T00:00:00Z',
      previousStop: '2019-01-01T01:00:00Z',
      nextStart: '2019-01-02T00:00:00Z',
      nextStop: '2019-01-02T01:00:00Z',
    };
    const expected = '0ef9017c-fa6b-5e06-a441-8917b7cad4e8';
    assert.equal(jobId(jobKind('diff'), parseDiff(q)), expected);
    const seconds = { ...q, previousStart: '2019-01-01T00:00:30Z' };
    assert.equal(jobId(jobKind('diff'), parseDiff(seconds)), expected);
  });
});
