import { createHash } from 'node:crypto';

/** The nil UUID, as bytes. */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

function uuidBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) {
    throw new TypeError(`not a UUID: '${uuid}'`);
  }
  return Buffer.from(hex, 'hex');
}

function formatUuid(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * RFC 4122 version-5 UUID: SHA-1 over the namespace bytes then the UTF-8 name, with the version
 * and variant bits set. Byte-identical to Go's `uuid.NewSHA1` and Python's `uuid.uuid5`.
 */
export function uuidV5(namespace: string, name: string): string {
  const digest = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const b = digest.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  return formatUuid(b);
}
