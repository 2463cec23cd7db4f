import { writeSync } from 'node:fs';
import { replaceFileFd } from './replace-file.js';

/**
 * JSON.stringify(value, null, 2) written to a file piece by piece: the top
 * two levels (manifest.json's sections and their nodes) are walked here, each
 * value below them is stringified alone and indented. The bytes are those of
 * the one-string form, without holding a 100 MB string (and a scrubbed copy
 * of the whole value) at once. `scrub` is applied to each stringified piece
 * and `scrubKey` to the keys walked here, as scrubValue would to the whole.
 * Written beside the file and renamed over it: a reader never sees half a
 * file, and a value that cannot be written leaves the old file as it was.
 */
export function writeJsonFile(
  abs: string,
  value: unknown,
  scrub: (v: unknown) => unknown,
  scrubKey: (k: string) => string,
): void {
  replaceFileFd(abs, (fd) => {
    const out = new Chunks(fd);
    const top = jsonValue('', value);
    if (top === undefined) throw new TypeError('writeJsonFile: the value has no JSON form');
    emit(out, top, 0, scrub, scrubKey);
    out.push('\n');
    out.flush();
  });
}

/** Levels walked here; deeper values are stringified whole. */
const WALKED = 2;

/** Where emit puts text. */
export interface TextSink {
  push(s: string): void;
}

class Chunks implements TextSink {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly fd: number) {}
  push(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

/** What JSON.stringify makes of a property's value before writing it: toJSON applied; undefined when it is left out. */
export function jsonValue(key: string, v: unknown): unknown {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function')
    v = (v as { toJSON(k: string): unknown }).toJSON(key);
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  return v;
}

/** Writes `v`, found `depth` levels down, as JSON.stringify(…, null, 2) writes it there (walking the top two). */
export function emit(
  out: TextSink,
  v: unknown,
  depth: number,
  scrub: (v: unknown) => unknown,
  scrubKey: (k: string) => string,
): void {
  const indent = '  '.repeat(depth);
  if (depth >= WALKED || v === null || typeof v !== 'object') {
    const s = JSON.stringify(scrub(v), null, 2);
    out.push(depth === 0 ? s : s.replace(/\n/g, `\n${indent}`));
    return;
  }
  const inner = `\n${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return out.push('[]');
    out.push('[');
    v.forEach((item, i) => {
      out.push(i === 0 ? inner : `,${inner}`);
      emit(out, jsonValue(String(i), item) ?? null, depth + 1, scrub, scrubKey);
    });
    out.push(`\n${indent}]`);
    return;
  }
  let first = true;
  for (const [k, raw] of Object.entries(v)) {
    const item = jsonValue(k, raw);
    if (item === undefined) continue;
    out.push(first ? `{${inner}` : `,${inner}`);
    first = false;
    out.push(`${JSON.stringify(scrubKey(k))}: `);
    emit(out, item, depth + 1, scrub, scrubKey);
  }
  out.push(first ? '{}' : `\n${indent}}`);
}
