/**
 * IPv4/IPv6 addresses as `bigint`s: parsing, formatting (RFC 5952 for IPv6), prefixes and CIDR
 * blocks. Shared by grouping, aliases, focus filters and pseudonymisation.
 */
export interface IpAddress {
  readonly version: 4 | 6;
  readonly value: bigint;
}

export interface Cidr {
  readonly version: 4 | 6;
  /** The network address (host bits zero). */
  readonly network: bigint;
  readonly prefix: number;
}

export function bitWidth(version: 4 | 6): 32 | 128 {
  return version === 4 ? 32 : 128;
}

function parseIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) {
    return null;
  }
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255 || (p.length > 1 && p.startsWith('0'))) {
      return null;
    }
    value = (value << 8n) | BigInt(p);
  }
  return value;
}

function parseGroups(text: string): bigint[] | null {
  if (text === '') {
    return [];
  }
  const groups: bigint[] = [];
  const parts = text.split(':');
  for (const [i, p] of parts.entries()) {
    if (i === parts.length - 1 && p.includes('.')) {
      const v4 = parseIpv4(p);
      if (v4 === null) {
        return null;
      }
      groups.push(v4 >> 16n, v4 & 0xffffn);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) {
      groups.push(BigInt(`0x${p}`));
    } else {
      return null;
    }
  }
  return groups;
}

function parseIpv6(text: string): bigint | null {
  const halves = text.split('::');
  if (halves.length > 2) {
    return null;
  }
  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (head === null || tail === null) {
    return null;
  }
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) {
    return null;
  }
  const groups = [...head, ...new Array<bigint>(missing).fill(0n), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** Parses a textual IPv4 or IPv6 address (no zone, no brackets); `null` when it is not one. */
export function parseIp(text: string): IpAddress | null {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === null ? null : { version: 6, value };
  }
  const value = parseIpv4(text);
  return value === null ? null : { version: 4, value };
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
}

/** The longest run (≥ 2) of zero groups, first one on a tie (RFC 5952 §4.2). */
function longestZeroRun(groups: readonly bigint[]): [number, number] {
  let best: [number, number] = [-1, 0];
  let start = -1;
  for (let i = 0; i <= groups.length; i += 1) {
    if (i < groups.length && groups[i] === 0n) {
      start = start < 0 ? i : start;
    } else if (start >= 0) {
      if (i - start > best[1] && i - start >= 2) {
        best = [start, i - start];
      }
      start = -1;
    }
  }
  return best;
}

function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => (value >> BigInt(112 - 16 * i)) & 0xffffn);
  const [at, len] = longestZeroRun(groups);
  const hex = (gs: readonly bigint[]): string => gs.map((g) => g.toString(16)).join(':');
  if (at < 0) {
    return hex(groups);
  }
  return `${hex(groups.slice(0, at))}::${hex(groups.slice(at + len))}`;
}

export function formatIp(ip: IpAddress): string {
  return ip.version === 4 ? formatIpv4(ip.value) : formatIpv6(ip.value);
}

/** Keeps the first `prefix` bits of `value` (a `bits`-wide number), zeroing the rest. */
export function maskBits(value: bigint, prefix: number, bits: number): bigint {
  const host = BigInt(bits - prefix);
  return (value >> host) << host;
}

/** Parses `ADDR/N` (or a bare address = a host route); host bits are cleared. */
export function parseCidr(text: string): Cidr | null {
  const [addr, len, ...rest] = text.trim().split('/');
  const ip = parseIp(addr ?? '');
  if (!ip || rest.length > 0) {
    return null;
  }
  const bits = bitWidth(ip.version);
  if (len !== undefined && (!/^\d{1,3}$/.test(len) || Number(len) > bits)) {
    return null;
  }
  const prefix = len === undefined ? bits : Number(len);
  return { version: ip.version, network: maskBits(ip.value, prefix, bits), prefix };
}

export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  return (
    cidr.version === ip.version &&
    maskBits(ip.value, cidr.prefix, bitWidth(ip.version)) === cidr.network
  );
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIp({ version: cidr.version, value: cidr.network })}/${cidr.prefix}`;
}
