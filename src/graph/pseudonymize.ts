import { createCipheriv, hkdfSync } from 'node:crypto';
import { bitWidth, formatIp, parseIp, type IpAddress } from './ip-address.ts';

/** Maps a textual address to its pseudonym; non-addresses are returned unchanged. */
export type Pseudonymizer = (address: string) => string;

const CACHE_LIMIT = 100_000;

function aesBlock(key: Buffer): (blocks: Buffer) => Buffer {
  return (blocks) => {
    const cipher = createCipheriv('aes-128-ecb', key, null);
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(blocks), cipher.final()]);
  };
}

function toBytes(value: bigint, bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  let v = value;
  for (let i = bytes - 1; i >= 0; i -= 1) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/**
 * Crypto-PAn: bit i of the output is bit i of the input XOR the first bit of
 * AES(first i input bits ‖ pad bits i..). Each output bit depends only on the input bits before
 * it, so a shared n-bit prefix maps to a shared n-bit prefix, and the map is a bijection.
 * All the per-bit blocks go through AES-ECB in one call.
 */
function anonymize(ip: IpAddress, encrypt: (b: Buffer) => Buffer, pad: Buffer): IpAddress {
  const bits = bitWidth(ip.version);
  const padValue = BigInt(`0x${pad.toString('hex')}`) >> BigInt(128 - bits);
  const blocks = Buffer.alloc(16 * bits);
  for (let i = 0; i < bits; i += 1) {
    const keep = BigInt(bits - i);
    const prefix = i === 0 ? 0n : (ip.value >> keep) << keep;
    const mixed = prefix | (padValue & ((1n << keep) - 1n));
    toBytes(mixed << BigInt(128 - bits), 16).copy(blocks, 16 * i);
  }
  const out = encrypt(blocks);
  let flips = 0n;
  for (let i = 0; i < bits; i += 1) {
    flips = (flips << 1n) | BigInt((out[16 * i] ?? 0) >> 7);
  }
  return { version: ip.version, value: ip.value ^ flips };
}

/**
 * A keyed, deterministic, prefix-preserving pseudonymizer for IPv4 and IPv6 (Crypto-PAn
 * construction). The same key gives the same pseudonyms in every run; the key (any string) is
 * stretched to the AES key and pad with HKDF-SHA256.
 */
export function createPseudonymizer(key: string): Pseudonymizer {
  const material = Buffer.from(hkdfSync('sha256', key, 'flowlens', 'crypto-pan', 32));
  const encrypt = aesBlock(material.subarray(0, 16));
  const pad = encrypt(material.subarray(16, 32));
  const cache = new Map<string, string>();
  return (address) => {
    const hit = cache.get(address);
    if (hit !== undefined) {
      return hit;
    }
    const ip = parseIp(address);
    const result = ip ? formatIp(anonymize(ip, encrypt, pad)) : address;
    if (cache.size >= CACHE_LIMIT) {
      cache.clear();
    }
    cache.set(address, result);
    return result;
  };
}
