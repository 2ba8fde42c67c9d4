import { DEFAULT_FORMAT } from '../model/fields.ts';

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same data everywhere. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenerateOptions {
  readonly seed?: number;
  /** Seed of the network itself (interfaces, peers); default `seed`. Vary `seed` alone to get
   * more traffic of the same network. */
  readonly worldSeed?: number;
  /** First record start, Unix seconds. */
  readonly start?: number;
  /** Seconds covered; record starts are spread over it in order. */
  readonly span?: number;
  /** Distinct interfaces (each with its own private address). */
  readonly interfaces?: number;
  /** Distinct external peers. */
  readonly peers?: number;
  /** Share of REJECT records. */
  readonly rejectRate?: number;
  /** Share of NODATA/SKIPDATA records. */
  readonly coverageRate?: number;
  /** Field names (default: v2). Unknown extra fields get `-`. */
  readonly format?: readonly string[];
  readonly accountId?: string;
}

/** What an interface listens on (its role), and what it calls out to: [port, protocol]. */
const LISTEN: readonly (readonly [number, number])[] = [
  [443, 6],
  [443, 6],
  [80, 6],
  [22, 6],
  [5432, 6],
  [3306, 6],
  [6379, 6],
  [8080, 6],
  [3389, 6],
  [53, 17],
];
const OUTBOUND: readonly (readonly [number, number])[] = [
  [443, 6],
  [443, 6],
  [443, 6],
  [53, 17],
  [123, 17],
  [0, 1],
];
const PEERS_PER_INTERFACE = 60;

interface World {
  readonly rnd: () => number;
  readonly enis: readonly {
    id: string;
    ip: string;
    home: number;
    listen: readonly [number, number];
  }[];
  readonly peers: readonly string[];
}

function buildWorld(
  o: Required<Pick<GenerateOptions, 'seed' | 'worldSeed' | 'interfaces' | 'peers'>>,
): World {
  const rnd = createRandom(o.worldSeed);
  const hex = (n: number) =>
    Math.floor(rnd() * 16 ** n)
      .toString(16)
      .padStart(n, '0');
  const enis = Array.from({ length: o.interfaces }, (_, i) => ({
    id: `eni-${hex(8)}${hex(9)}`,
    ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${(i & 255) + 1}`,
    home: Math.floor(rnd() * o.peers),
    listen: pick(rnd, LISTEN),
  }));
  const peers = Array.from({ length: o.peers }, (_, i) =>
    i % 5 === 0
      ? `10.${64 + (i % 64)}.${Math.floor(rnd() * 256)}.${1 + Math.floor(rnd() * 254)}`
      : `${11 + Math.floor(rnd() * 180)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${1 + Math.floor(rnd() * 254)}`,
  );
  return { rnd: createRandom(o.seed * 7919 + 1), enis, peers };
}

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)]!;
}

/** Field values of one record, by canonical name. */
function recordValues(w: World, t: number, o: GenerateOptions): Record<string, string> {
  const { rnd } = w;
  const eni = pick(rnd, w.enis);
  const coverage = rnd() < (o.coverageRate ?? 0.001);
  const base: Record<string, string> = {
    version: '2',
    'account-id': o.accountId ?? '123456789012',
    'interface-id': eni.id,
    start: String(t),
    end: String(t + 30 + Math.floor(rnd() * 30)),
  };
  if (coverage) {
    return { ...base, 'log-status': rnd() < 0.8 ? 'NODATA' : 'SKIPDATA' };
  }
  const inbound = rnd() < 0.5;
  const [service, protocol] = inbound ? eni.listen : pick(rnd, OUTBOUND);
  const ephemeral = protocol === 1 ? 0 : 32768 + Math.floor(rnd() * 28232);
  // Each interface talks to a heavy-tailed handful of peers, as real servers do.
  const peer = w.peers[(eni.home + Math.floor(PEERS_PER_INTERFACE * rnd() ** 2)) % w.peers.length]!;
  const packets = 1 + Math.floor(rnd() ** 2 * 500);
  return {
    ...base,
    srcaddr: inbound ? peer : eni.ip,
    dstaddr: inbound ? eni.ip : peer,
    srcport: String(inbound ? ephemeral : service),
    dstport: String(inbound ? service : ephemeral),
    protocol: String(protocol),
    packets: String(packets),
    bytes: String(packets * (40 + Math.floor(rnd() * 1400))),
    action: rnd() < (o.rejectRate ?? 0.05) ? 'REJECT' : 'ACCEPT',
    'log-status': 'OK',
    'flow-direction': inbound ? 'ingress' : 'egress',
    'tcp-flags': protocol === 6 ? pick(rnd, ['2', '18', '19', '3', '0']) : '0',
    type: 'IPv4',
    'pkt-srcaddr': inbound ? peer : eni.ip,
    'pkt-dstaddr': inbound ? eni.ip : peer,
  };
}

/**
 * Deterministic synthetic flow-log lines (no header) with realistic cardinality: a few
 * interfaces, a heavy-tailed choice of peers, service ports against ephemeral ports, a share of
 * REJECTs and NODATA/SKIPDATA coverage records. Yields lines in start-time order.
 */
export function* generateFlowLines(
  count: number,
  options: GenerateOptions = {},
): Generator<string> {
  const o = {
    seed: options.seed ?? 1,
    worldSeed: options.worldSeed ?? options.seed ?? 1,
    interfaces: options.interfaces ?? 200,
    peers: options.peers ?? 5000,
  };
  const w = buildWorld(o);
  const format = options.format ?? DEFAULT_FORMAT;
  const start = options.start ?? 1_763_800_000;
  const span = options.span ?? 3600;
  for (let i = 0; i < count; i++) {
    const t = start + Math.floor((i * span) / Math.max(1, count));
    const v = recordValues(w, t, options);
    yield format.map((f) => v[f] ?? '-').join(' ');
  }
}

/** The header line for a format. */
export function headerLine(format: readonly string[] = DEFAULT_FORMAT): string {
  return format.join(' ');
}
