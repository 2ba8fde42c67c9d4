/**
 * IP address and CIDR helpers: pure, allocation-light, and total (bad input returns `null`,
 * nothing here throws).
 *
 * Representations:
 * - IPv4 is a uint32 `number` (`1.2.3.4` → `0x01020304`), always non-negative.
 * - IPv6 is a 16-byte `Uint8Array` in network order.
 *
 * Accepted text follows the strict forms that Python's `ipaddress` and `inet_pton` accept:
 * dotted-quad IPv4 with decimal octets and no leading zeros (`010.0.0.1` is rejected because
 * `inet_aton` would read it as octal), and RFC 4291 IPv6 with `::` compression and an optional
 * trailing dotted quad (`::ffff:1.2.3.4`). Zone ids (`fe80::1%eth0`), brackets, CIDR suffixes
 * and surrounding whitespace are rejected.
 */

export type IpFamily = 4 | 6;

/** A parsed address of either family. */
export type IpAddress =
  | { readonly family: 4; readonly value: number }
  | { readonly family: 6; readonly bytes: Uint8Array };

/** A network: the address with its host bits cleared, and the prefix length. */
export type Cidr =
  | { readonly family: 4; readonly base: number; readonly prefix: number }
  | { readonly family: 6; readonly bytes: Uint8Array; readonly prefix: number };

const DOT = 46;
const COLON = 58;
const ZERO = 48;

/** Parses dotted-quad IPv4 (`'192.0.2.1'`) to a uint32, or `null`. */
export function parseIPv4(s: string): number | null {
  return parseIPv4Range(s, 0, s.length);
}

function parseIPv4Range(s: string, start: number, end: number): number | null {
  let value = 0;
  let octets = 0;
  let i = start;
  while (octets < 4) {
    const octetStart = i;
    let octet = 0;
    while (i < end) {
      const c = s.charCodeAt(i) - ZERO;
      if (c < 0 || c > 9) {
        break;
      }
      octet = octet * 10 + c;
      i++;
    }
    const digits = i - octetStart;
    if (
      digits === 0 ||
      digits > 3 ||
      octet > 255 ||
      (digits > 1 && s.charCodeAt(octetStart) === ZERO)
    ) {
      return null;
    }
    value = value * 256 + octet;
    octets++;
    if (octets < 4) {
      if (i >= end || s.charCodeAt(i) !== DOT) {
        return null;
      }
      i++;
    }
  }
  return i === end ? value : null;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) {
    return c - 48;
  }
  const lower = c | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** Parses IPv6 text (`'2001:db8::1'`, `'::ffff:192.0.2.1'`) to 16 bytes, or `null`. */
export function parseIPv6(s: string): Uint8Array | null {
  const groups: number[] = [];
  let gap = -1;
  let i = 0;
  const n = s.length;
  if (n < 2 || n > 45) {
    return null;
  }
  if (s.charCodeAt(0) === COLON) {
    if (s.charCodeAt(1) !== COLON) {
      return null;
    }
    gap = 0;
    i = 2;
  }
  while (i < n) {
    const tail = parseIPv6Group(s, i, groups);
    if (tail === null) {
      return null;
    }
    i = tail;
    if (i === n) {
      break;
    }
    if (s.charCodeAt(i) !== COLON) {
      return null;
    }
    i++;
    if (i < n && s.charCodeAt(i) === COLON) {
      if (gap !== -1) {
        return null;
      }
      gap = groups.length;
      i++;
    } else if (i === n) {
      return null;
    }
  }
  return expandIPv6Groups(groups, gap);
}

/** Reads one hex group (or a trailing dotted quad as two groups); returns the index after it. */
function parseIPv6Group(s: string, start: number, groups: number[]): number | null {
  let value = 0;
  let i = start;
  while (i < s.length && i - start < 5) {
    const h = hexValue(s.charCodeAt(i));
    if (h < 0) {
      break;
    }
    value = value * 16 + h;
    i++;
  }
  if (i < s.length && s.charCodeAt(i) === DOT) {
    const v4 = parseIPv4Range(s, start, s.length);
    if (v4 === null || groups.length > 6) {
      return null;
    }
    groups.push(v4 >>> 16, v4 & 0xffff);
    return s.length;
  }
  if (i === start || i - start > 4 || groups.length >= 8) {
    return null;
  }
  groups.push(value);
  return i;
}

function expandIPv6Groups(groups: readonly number[], gap: number): Uint8Array | null {
  if (gap === -1 ? groups.length !== 8 : groups.length > 7) {
    return null;
  }
  const bytes = new Uint8Array(16);
  const tailStart = gap === -1 ? 8 : 8 - (groups.length - gap);
  groups.forEach((g, k) => {
    const slot = gap === -1 || k < gap ? k : tailStart + (k - gap);
    bytes[slot * 2] = g >>> 8;
    bytes[slot * 2 + 1] = g & 0xff;
  });
  return bytes;
}

/** Parses either family; `null` for anything that is not a plain address. */
export function parseIp(s: string): IpAddress | null {
  if (typeof s !== 'string') {
    return null;
  }
  const v4 = parseIPv4(s);
  if (v4 !== null) {
    return { family: 4, value: v4 };
  }
  const v6 = parseIPv6(s);
  return v6 === null ? null : { family: 6, bytes: v6 };
}

export function isValidIp(s: string): boolean {
  return parseIp(s) !== null;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), else `null`. */
export function ipv4FromMapped(bytes: Uint8Array): number | null {
  for (let k = 0; k < 10; k++) {
    if (bytes[k] !== 0) {
      return null;
    }
  }
  if (bytes[10] !== 0xff || bytes[11] !== 0xff) {
    return null;
  }
  return readUint32(bytes, 12);
}

/** Big-endian uint32 at `offset` (used to treat IPv6 as four 32-bit words). */
export function readUint32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset] ?? 0) * 0x1000000 +
      (((bytes[offset + 1] ?? 0) << 16) |
        ((bytes[offset + 2] ?? 0) << 8) |
        (bytes[offset + 3] ?? 0))) >>>
    0
  );
}

/** `0x01020304` → `'1.2.3.4'`. */
export function formatIPv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xff}`;
}

/** 16 bytes → RFC 5952 text: lowercase, longest run of two or more zero groups as `::`. */
export function formatIPv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let k = 0; k < 16; k += 2) {
    groups.push(((bytes[k] ?? 0) << 8) | (bytes[k + 1] ?? 0));
  }
  const [runStart, runLength] = longestZeroRun(groups);
  if (runLength < 2) {
    return groups.map((g) => g.toString(16)).join(':');
  }
  const head = groups.slice(0, runStart).map((g) => g.toString(16));
  const tail = groups.slice(runStart + runLength).map((g) => g.toString(16));
  return `${head.join(':')}::${tail.join(':')}`;
}

function longestZeroRun(groups: readonly number[]): [number, number] {
  let best: [number, number] = [-1, 0];
  let start = -1;
  groups.forEach((g, k) => {
    if (g === 0 && start === -1) {
      start = k;
    }
    if (g === 0 && k - start + 1 > best[1]) {
      best = [start, k - start + 1];
    }
    if (g !== 0) {
      start = -1;
    }
  });
  return best;
}

/** Canonical text for a parsed address (IPv6 per RFC 5952). */
export function formatIp(ip: IpAddress): string {
  return ip.family === 4 ? formatIPv4(ip.value) : formatIPv6(ip.bytes);
}

/** Netmask for an IPv4 prefix length (0–32) as a uint32. */
export function ipv4Mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/**
 * Parses `'10.0.0.0/8'` or `'2001:db8::/32'`. Host bits are cleared (`'10.1.2.3/8'` gives
 * 10.0.0.0/8), as a lenient reader of hand-written tables should. A bare address is a /32 or
 * /128. `null` for anything else (bad prefix, leading zeros in the prefix, zone ids).
 */
export function parseCidr(s: string): Cidr | null {
  if (typeof s !== 'string') {
    return null;
  }
  const slash = s.indexOf('/');
  const ip = parseIp(slash === -1 ? s : s.slice(0, slash));
  if (ip === null) {
    return null;
  }
  const max = ip.family === 4 ? 32 : 128;
  const prefix = slash === -1 ? max : parsePrefixLength(s.slice(slash + 1), max);
  if (prefix === null) {
    return null;
  }
  if (ip.family === 4) {
    return { family: 4, base: (ip.value & ipv4Mask(prefix)) >>> 0, prefix };
  }
  return { family: 6, bytes: maskBytes(ip.bytes, prefix), prefix };
}

function parsePrefixLength(s: string, max: number): number | null {
  if (s.length === 0 || s.length > 3 || (s.length > 1 && s.charCodeAt(0) === ZERO)) {
    return null;
  }
  let value = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k) - ZERO;
    if (c < 0 || c > 9) {
      return null;
    }
    value = value * 10 + c;
  }
  return value <= max ? value : null;
}

function maskBytes(bytes: Uint8Array, prefix: number): Uint8Array {
  const out = new Uint8Array(16);
  for (let k = 0; k < 16; k++) {
    const bits = Math.max(0, Math.min(8, prefix - k * 8));
    out[k] = (bytes[k] ?? 0) & ((0xff << (8 - bits)) & 0xff);
  }
  return out;
}

/** True when the first `prefix` bits of `bytes` equal those of `network` (both 16 bytes). */
export function ipv6PrefixMatches(network: Uint8Array, prefix: number, bytes: Uint8Array): boolean {
  const whole = prefix >>> 3;
  for (let k = 0; k < whole; k++) {
    if (network[k] !== bytes[k]) {
      return false;
    }
  }
  const rest = prefix & 7;
  if (rest === 0) {
    return true;
  }
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((bytes[whole] ?? 0) & mask) === network[whole];
}

/**
 * Does `cidr` contain `ip`? `ip` may be text or a parsed address; unparseable text and a
 * family mismatch give `false` (an IPv4-mapped IPv6 address is not inside an IPv4 network).
 */
export function cidrContains(cidr: Cidr, ip: string | IpAddress): boolean {
  const addr = typeof ip === 'string' ? parseIp(ip) : ip;
  if (addr === null || addr.family !== cidr.family) {
    return false;
  }
  if (addr.family === 4 && cidr.family === 4) {
    return (addr.value & ipv4Mask(cidr.prefix)) >>> 0 === cidr.base;
  }
  return (
    addr.family === 6 && cidr.family === 6 && ipv6PrefixMatches(cidr.bytes, cidr.prefix, addr.bytes)
  );
}

/** `'10.0.0.0/8'` / `'2001:db8::/32'` text for a parsed network. */
export function formatCidr(cidr: Cidr): string {
  const base = cidr.family === 4 ? formatIPv4(cidr.base) : formatIPv6(cidr.bytes);
  return `${base}/${cidr.prefix}`;
}

/** An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) as the IPv4 address it carries; others as is. */
export function unmapIp(ip: IpAddress): IpAddress {
  const v4 = ip.family === 6 ? ipv4FromMapped(ip.bytes) : null;
  return v4 === null ? ip : { family: 4, value: v4 };
}
