/**
 * A small, fully known flow log for the dashboard's end-to-end tests. Window A is the first hour
 * of 2019-01-01, window B the first hour of 2019-01-02; every pair keeps its source port, so the
 * diff between them is exact.
 */
export const WINDOW_A = { start: '2019-01-01T00:00:00Z', stop: '2019-01-01T01:00:00Z' };
export const WINDOW_B = { start: '2019-01-02T00:00:00Z', stop: '2019-01-02T01:00:00Z' };
const T_A = Date.parse(WINDOW_A.start) / 1000;
const T_B = Date.parse(WINDOW_B.start) / 1000;

export const WEB = '10.0.1.10';
export const PUBLIC_CLIENTS = ['8.8.8.8', '81.2.69.142', '133.242.0.3', '185.60.216.35'];

interface Flow {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  action: 'ACCEPT' | 'REJECT';
}

const internal = (i: number) => `10.0.0.${i}`;

/** Window A: 10 nodes, 11 links (one pair has two ports: a curved parallel link). */
export const FLOWS_A: readonly Flow[] = [
  ...[1, 2, 3, 4, 5].map((i) => ({
    src: internal(i),
    dst: WEB,
    srcPort: 40000 + i,
    dstPort: 443,
    action: 'ACCEPT' as const,
  })),
  ...PUBLIC_CLIENTS.map((ip, i) => ({
    src: ip,
    dst: WEB,
    srcPort: 50000 + i,
    dstPort: 443,
    action: 'ACCEPT' as const,
  })),
  { src: WEB, dst: internal(1), srcPort: 40100, dstPort: 22, action: 'REJECT' },
  { src: internal(1), dst: WEB, srcPort: 40200, dstPort: 80, action: 'ACCEPT' },
];

/** Window B: A without 10.0.0.5, plus 10.0.0.6 → web and a rejected 8.8.4.4 → web:22. */
export const FLOWS_B: readonly Flow[] = [
  ...FLOWS_A.filter((f) => f.src !== internal(5)),
  { src: internal(6), dst: WEB, srcPort: 40006, dstPort: 443, action: 'ACCEPT' },
  { src: '8.8.4.4', dst: WEB, srcPort: 50100, dstPort: 22, action: 'REJECT' },
];

export const EXPECTED = {
  a: { nodes: 10, links: 11, webNeighbours: 9 },
  diff: { added: 2, removed: 1 },
  links: { ips: [internal(1), WEB], nodes: 2, links: 3 },
};

const HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';

function lines(flows: readonly Flow[], t0: number, repeat: number): string[] {
  const out: string[] = [];
  for (let r = 0; r < repeat; r++) {
    flows.forEach((f, i) => {
      const t = t0 + r * 300 + i;
      out.push(
        `2 123456789010 eni-0a1b2c3d ${f.src} ${f.dst} ${f.srcPort} ${f.dstPort} 6 ${10 + i} ${1000 * (i + 1)} ${t} ${t + 60} ${f.action} OK`,
      );
    });
  }
  return out;
}

/** The sample as a v2 flow-log text file. */
export function sampleFlowLog(): string {
  return [HEADER, ...lines(FLOWS_A, T_A, 3), ...lines(FLOWS_B, T_B, 4)].join('\n') + '\n';
}
