/**
 * Byte-level address validation for the parser's hot path: no string is created to check a
 * token. Accepts dotted-quad IPv4 (no leading zeros) and RFC 4291 IPv6 text (with `::` and an
 * optional dotted-quad tail); rejects zone ids and anything else.
 */
export function isIpv4Bytes(b: Uint8Array, s: number, e: number): boolean {
  let parts = 0;
  let i = s;
  while (i < e) {
    const p = i;
    let v = 0;
    while (i < e && b[i]! >= 48 && b[i]! <= 57) {
      v = v * 10 + (b[i]! - 48);
      i++;
    }
    const len = i - p;
    if (len === 0 || len > 3 || v > 255 || (len > 1 && b[p] === 48)) {
      return false;
    }
    parts++;
    if (i === e) {
      break;
    }
    if (b[i] !== 46 || parts === 4) {
      return false;
    }
    i++;
    if (i === e) {
      return false;
    }
  }
  return parts === 4;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

export function isIpv6Bytes(b: Uint8Array, s: number, e: number): boolean {
  if (e - s < 2 || e - s > 45) {
    return false;
  }
  let i = s;
  let groups = 0;
  let compressed = false;
  if (b[i] === 58) {
    if (b[i + 1] !== 58) {
      return false;
    }
    compressed = true;
    i += 2;
  }
  while (i < e) {
    let j = i;
    while (j < e && isHex(b[j]!)) {
      j++;
    }
    if (j < e && b[j] === 46) {
      if (!isIpv4Bytes(b, i, e)) {
        return false;
      }
      groups += 2;
      break;
    }
    if (j === i || j - i > 4) {
      return false;
    }
    groups++;
    i = j;
    if (i === e) {
      break;
    }
    if (b[i] !== 58) {
      return false;
    }
    i++;
    if (i === e) {
      return false;
    }
    if (b[i] === 58) {
      if (compressed) {
        return false;
      }
      compressed = true;
      i++;
    }
  }
  return compressed ? groups <= 7 : groups === 8;
}

/** True for a valid IPv4 or IPv6 address token. */
export function isIpBytes(b: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    if (b[i] === 58) {
      return isIpv6Bytes(b, s, e);
    }
  }
  return isIpv4Bytes(b, s, e);
}
