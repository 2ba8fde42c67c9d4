/** Drops C0 control characters (and DEL) except the ones listed in `keep`. */
export function stripControls(text: string, keep = ''): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if ((code < 0x20 || code === 0x7f) && !keep.includes(ch)) {
      continue;
    }
    out += ch;
  }
  return out;
}
