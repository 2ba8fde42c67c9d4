import { DEFAULT_FORMAT } from '../model/fields.ts';
import { createRandom as prng } from '../sample/generate-flow-logs.ts';

export interface SyntheticOptions {
  readonly records: number;
  readonly seed?: number;
  /** Distinct hosts per side; fewer hosts → fewer digest keys. */
  readonly hosts?: number;
  /** First record's start (Unix seconds). */
  readonly start?: number;
}

const ACCOUNTS = ['000123456789', '210987654321'];
const SERVICE_PORTS = [22, 53, 80, 443, 3306, 5432];

/**
 * Default-format (v2) flow-log lines for tests and benchmarks: a header line, then records
 * over a few accounts, ENIs and hosts, with ephemeral ports, REJECTs, NODATA rows, ICMP, a
 * few `-` ports and some millisecond timestamps, spread over about two days.
 */
export function* syntheticFlowLines(o: SyntheticOptions): Generator<string> {
  const rnd = prng(o.seed ?? 7);
  const hosts = o.hosts ?? 40;
  const t0 = o.start ?? 1_767_225_600;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  yield DEFAULT_FORMAT.join(' ');
  for (let i = 0; i < o.records; i++) {
    const acct = pick(ACCOUNTS);
    const eni = `eni-${(Math.floor(rnd() * 8) + 10).toString(16)}0abc`;
    const start = t0 + Math.floor((i / o.records) * 172_800) + Math.floor(rnd() * 60);
    const end = start + 60;
    const u = rnd();
    if (u < 0.02) {
      yield `2 ${acct} ${eni} - - - - - - - ${start} ${end} - NODATA`;
      continue;
    }
    const a = `10.0.${Math.floor(rnd() * 4)}.${Math.floor(rnd() * hosts)}`;
    const b = `172.31.${Math.floor(rnd() * 2)}.${Math.floor(rnd() * hosts)}`;
    const svc = pick(SERVICE_PORTS);
    const eph = 1024 + Math.floor(rnd() * 64000);
    const out = rnd() < 0.5;
    const [src, dst, sp, dp] = out ? [a, b, eph, svc] : [b, a, svc, eph];
    const icmp = u > 0.97;
    const ports = icmp ? '0 0' : u < 0.03 ? `- ${dp}` : `${sp} ${dp}`;
    const proto = icmp ? 1 : svc === 53 ? 17 : 6;
    const action = rnd() < 0.1 ? 'REJECT' : 'ACCEPT';
    const packets = 1 + Math.floor(rnd() * 50);
    const bytes = packets * (40 + Math.floor(rnd() * 1400));
    const ts = u > 0.96 && u <= 0.97 ? `${start * 1000} ${end * 1000}` : `${start} ${end}`;
    yield `2 ${acct} ${eni} ${src} ${dst} ${ports} ${proto} ${packets} ${bytes} ${ts} ${action} OK`;
  }
}
