import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFlowError } from '../../model/errors.ts';
import {
  fileStamp,
  layoutRootOf,
  parseLayoutKey,
  parseS3Uri,
  stampRange,
  STAMP_LEAD_SECONDS,
  STAMP_TRAIL_SECONDS,
} from './s3-key-layout.ts';

const FILE = '123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz';
const T = Date.UTC(2018, 5, 20, 16, 20) / 1000;

describe('s3 key layout', () => {
  it('should read the stamp of a flow-log file name', () => {
    const cases: [string, number | null][] = [
      [FILE, T],
      [FILE.replace('.log.gz', '.log.parquet'), T],
      [FILE.replace('20180620', '20181320'), null], // month 13
      [FILE.replace('20180620T1620Z', '20180231T0000Z'), null], // 31 February
      ['aws-logs-write-test', null],
      ['123_vpcflowlogs_us-east-1.log.gz', null],
    ];
    for (const [name, want] of cases) {
      assert.equal(fileStamp(name), want, name);
    }
  });

  it('should parse both layouts, hourly folders and an organisation folder', () => {
    const cases: [string, string | null][] = [
      [`AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/${FILE}`, 'classic'],
      [`AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/16/${FILE}`, 'classic'],
      [`AWSLogs/o-abc123/123456789012/vpcflowlogs/us-east-1/2018/06/20/${FILE}`, 'classic'],
      [
        `AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2018/month=06/day=20/${FILE}`,
        'hive',
      ],
      [
        `AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2018/month=06/day=20/hour=16/${FILE}`,
        'hive',
      ],
      ['AWSLogs/aws-logs-write-test', null],
      [`AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/notes.txt`, null],
      [`AWSLogs/123456789012/elasticloadbalancing/us-east-1/2018/06/20/${FILE}`, null],
      [`AWSLogs/12345/vpcflowlogs/us-east-1/2018/06/20/${FILE}`, null],
    ];
    for (const [key, style] of cases) {
      const k = parseLayoutKey(key);
      assert.equal(k?.style ?? null, style, key);
      if (k) {
        assert.deepEqual(k, { style, account: '123456789012', region: 'us-east-1', stamp: T });
      }
    }
  });

  it('should widen a window by the documented margins', () => {
    assert.deepEqual(stampRange({ start: 1000, stop: 2000 }), {
      from: 1000 - STAMP_LEAD_SECONDS,
      to: 2000 + STAMP_TRAIL_SECONDS,
    });
    assert.equal(STAMP_LEAD_SECONDS, 600);
    assert.equal(STAMP_TRAIL_SECONDS, 900);
  });

  it('should find the layout root of a prefix', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['logs', 'logs/'],
      ['logs/', 'logs/'],
      ['AWSLogs/', ''],
      ['AWSLogs', ''],
      ['logs/AWSLogs/123456789012/vpcflowlogs/', 'logs/'],
      ['logs/MyAWSLogs/', 'logs/MyAWSLogs/'],
    ];
    for (const [prefix, root] of cases) {
      assert.equal(layoutRootOf(prefix), root, prefix);
    }
  });

  it('should split s3 URLs and refuse bad ones', () => {
    assert.deepEqual(parseS3Uri('s3://flow-logs'), { bucket: 'flow-logs', prefix: '' });
    assert.deepEqual(parseS3Uri('s3://flow-logs/a/b'), { bucket: 'flow-logs', prefix: 'a/b' });
    for (const bad of ['s3://', 's3://B_ad/x', 'http://x/y']) {
      assert.throws(
        () => parseS3Uri(bad),
        (e) => isFlowError(e, 'FLOW_USAGE'),
      );
    }
  });
});
