import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';

/** Why a project file is not text: the first offending byte's line and what it is. */
export interface NotText {
  line: number;
  reason: string;
}

/**
 * Reads a project file as UTF-8 text. A file that is not text (a NUL byte, or
 * bytes that are not valid UTF-8) is still returned, decoded leniently, with
 * `notText` saying where it first goes wrong: parsing refuses it with that line
 * rather than sending its bytes to the database.
 */
export function readTextFile(abs: string): { contents: string; notText?: NotText } {
  const bytes = readFileSync(abs);
  const notText = findNotText(bytes);
  return { contents: bytes.toString('utf8'), ...(notText ? { notText } : {}) };
}

/** The first NUL byte or invalid UTF-8 sequence in `bytes`, or undefined for clean text. */
export function findNotText(bytes: Uint8Array): NotText | undefined {
  // Most files are clean: Node's own check says so at memory speed; the scan below finds where one is not.
  if (isUtf8(bytes) && bytes.indexOf(0) === -1) return undefined;
  let line = 1;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    if (b === 0x0a) line++;
    if (b === 0) return { line, reason: 'a NUL byte' };
    const len = sequenceLength(bytes, i);
    if (len === 0) return { line, reason: `byte 0x${b.toString(16).padStart(2, '0')}, which is not valid UTF-8` };
    i += len;
  }
  return undefined;
}

/** Length of the well-formed UTF-8 sequence starting at i (1–4), or 0 when it is malformed. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const c = bytes[i + k];
    return c !== undefined && c >= lo && c <= hi;
  };
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    // No overlong forms (E0 needs A0–BF) and no surrogates (ED needs 80–9F).
    const lo = b === 0xe0 ? 0xa0 : 0x80;
    const hi = b === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const lo = b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}
