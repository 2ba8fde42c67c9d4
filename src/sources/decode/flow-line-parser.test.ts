import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlowLineParser, LineKind } from './flow-line-parser.ts';
import { parseLogFormat } from './log-format.ts';

function parse(lines: string[], format?: string) {
  const p = new FlowLineParser(format ? parseLogFormat(format) : undefined);
  return lines.map((l) => {
    const b = Buffer.from(l);
    const kind = p.parse(b, 0, b.length);
    return {
      kind,
      reason: kind === LineKind.SKIP ? p.skipReason : undefined,
      rec: kind === LineKind.FLOW ? p.toRecord() : undefined,
    };
  });
}

const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';

test('v2 default lines become typed records', () => {
  const [r] = parse([V2]);
  assert.equal(r!.kind, LineKind.FLOW);
  assert.deepEqual(r!.rec, {
    version: 2,
    accountId: '123456789010',
    interfaceId: 'eni-1235b8ca123456789',
    srcaddr: '172.31.16.139',
    dstaddr: '172.31.16.21',
    srcport: 20641,
    dstport: 22,
    protocol: 6,
    packets: 20,
    bytes: 4249,
    start: 1418530010,
    end: 1418530070,
    action: 'ACCEPT',
    logStatus: 'OK',
  });
});

test('account-id stays a string (leading zeros, unknown)', () => {
  const rs = parse([
    '2 000000000042 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1418530010 1418530070 ACCEPT OK',
    '2 unknown eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1418530010 1418530070 ACCEPT OK',
  ]);
  assert.equal(rs[0]!.rec!.accountId, '000000000042');
  assert.equal(rs[1]!.rec!.accountId, 'unknown');
});

test('a header line switches the layout; custom order and v3 fields are parsed by name', () => {
  const rs = parse([
    'version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status',
    '3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 52.213.180.42 10.0.0.62 43416 5001 52.213.180.42 10.0.0.62 6 568 8 1566848875 1566848933 ACCEPT 2 OK',
  ]);
  assert.equal(rs[0]!.kind, LineKind.HEADER);
  const rec = rs[1]!.rec!;
  assert.equal(rec.bytes, 568);
  assert.equal(rec.packets, 8);
  assert.equal(rec.tcpFlags, 2);
  assert.equal(rec.type, 'IPv4');
  assert.equal(rec.vpcId, 'vpc-abcdefab012345678');
  assert.equal(rec.pktSrcaddr, '52.213.180.42');
});

test('Transit Gateway (v6) records have no action and still parse', () => {
  const fmt =
    'version account-id tgw-id srcaddr dstaddr srcport dstport protocol packets bytes packets-lost-no-route start end log-status type';
  const [r] = parse(
    [
      '6 123456789012 tgw-0abc 10.0.0.1 10.0.1.1 12345 443 6 10 1000 1 1700000000 1700000060 OK IPv4',
    ],
    fmt,
  );
  assert.equal(r!.kind, LineKind.FLOW);
  assert.equal(r!.rec!.tgwId, 'tgw-0abc');
  assert.equal(r!.rec!.packetsLostNoRoute, 1);
  assert.equal(r!.rec!.action, undefined);
});

test('v7 ECS, v8-v11 fields and unknown future fields', () => {
  const fmt =
    'version srcaddr dstaddr srcport dstport protocol start end action log-status ecs-cluster-name reject-reason resource-id encryption-status interface-type brand-new-field';
  const [r] = parse(
    [
      '11 10.0.0.71 52.95.128.179 34210 80 6 1616729292 1616729349 REJECT OK my-cluster BPA nat-0c50d5961bcb2d47b 1 nat_gateway some%20value',
    ],
    fmt,
  );
  const rec = r!.rec!;
  assert.equal(rec.ecsClusterName, 'my-cluster');
  assert.equal(rec.rejectReason, 'BPA');
  assert.equal(rec.resourceId, 'nat-0c50d5961bcb2d47b');
  assert.equal(rec.encryptionStatus, 1);
  assert.equal(rec.interfaceType, 'nat_gateway');
  assert.deepEqual(rec.extra, { 'brand-new-field': 'some%20value' });
});

test('- is null; millisecond timestamps become seconds; IPv6 parses', () => {
  const [r] = parse([
    '2 123456789010 eni-1 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8::1 - - 58 54 8855 1477913708000 1477913820123 ACCEPT OK',
  ]);
  const rec = r!.rec!;
  assert.equal(rec.srcport, null);
  assert.equal(rec.start, 1477913708);
  assert.equal(rec.end, 1477913820);
  assert.equal(rec.dstaddr, '2001:db8::1');
});

test('NODATA and SKIPDATA are coverage, not flows', () => {
  const rs = parse([
    '2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA',
    '2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA',
  ]);
  assert.deepEqual(
    rs.map((r) => r.kind),
    [LineKind.NODATA, LineKind.SKIPDATA],
  );
});

test('CloudWatch-export lines prefixed with a timestamp are parsed', () => {
  const [r] = parse(['2025-02-25T12:25:04.000Z ' + V2]);
  assert.equal(r!.kind, LineKind.FLOW);
  assert.equal(r!.rec!.srcport, 20641);
});

test('CRLF line endings and runs of blanks are tolerated; blank lines are blank', () => {
  const rs = parse([V2 + '\r', V2.replace(/ /g, '  '), '', '   ']);
  assert.deepEqual(
    rs.map((r) => r.kind),
    [LineKind.FLOW, LineKind.FLOW, LineKind.BLANK, LineKind.BLANK],
  );
});

test('the malformed corpus is classified with a reason each', () => {
  const cases: [string, string][] = [
    ['2 123456789010 eni-1 172.31.16.139 172.31.16.21 20641 22', 'too_few_fields'],
    [V2 + ' extra', 'too_many_fields'],
    [V2.replace('172.31.16.139', '172.31.16.300'), 'bad_address'],
    [V2.replace('172.31.16.139', 'not-an-ip'), 'bad_address'],
    [V2.replace('20641', 'NaN'), 'bad_number'],
    [V2.replace('20641', '70000'), 'bad_port'],
    [V2.replace(' 6 20 ', ' 300 20 '), 'bad_protocol'],
    [V2.replace('4249', '-12'), 'bad_number'],
    [V2.replace('ACCEPT', 'MAYBE'), 'bad_action'],
    [V2.replace(' OK', ' WEIRD'), 'bad_log_status'],
    ['2 123\x00456 eni-1 \x01\x02', 'binary_junk'],
    [V2.replace('1418530010', '14185300x0'), 'bad_number'],
  ];
  for (const [line, reason] of cases) {
    const [r] = parse([line]);
    assert.equal(r!.kind, LineKind.SKIP, line);
    assert.equal(r!.reason, reason, line);
  }
});

test('the version column is not trusted: fields are read by header', () => {
  // ECS fields under a version column that says 5.
  const [, r] = parse([
    'version srcaddr dstaddr srcport dstport protocol start end action log-status ecs-task-id',
    '5 10.0.0.1 10.0.0.2 1 2 6 1 2 ACCEPT OK abcd',
  ]);
  assert.equal(r!.rec!.ecsTaskId, 'abcd');
  assert.equal(r!.rec!.version, 5);
});
