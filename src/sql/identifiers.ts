/** PostgreSQL keeps at most 63 bytes of an identifier (NAMEDATALEN - 1); longer names are cut. */
export const MAX_IDENT = 63;

/** The longest start of `text` that fits in `maxBytes` of UTF-8, never cutting a character in two. */
export function clipBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (used + n > maxBytes) break;
    out += ch;
    used += n;
  }
  return out;
}
