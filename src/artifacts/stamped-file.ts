import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { replaceFile } from './replace-file.js';
import { dirname } from 'node:path';

/*
 * The caches tsmodel keeps in target/ between processes (compile reuse, column lineage): a first line naming the
 * format and the code that wrote it, then one JSON value. A file from other code is never read; one that cannot
 * be read whole is none at all.
 */

/** The value in `path` when its first line is `header`, else why not (a debug line). */
export function readStamped(path: string, header: string): { value: unknown } | { reason: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { reason: code === 'ENOENT' ? 'no earlier compile' : `${path} is unreadable (${code ?? String(err)})` };
  }
  const eol = text.indexOf('\n');
  if (eol < 0 || text.slice(0, eol) !== header) return { reason: `${path} was written by other code` };
  try {
    return { value: JSON.parse(text.slice(eol + 1)) as unknown };
  } catch {
    return { reason: `${path} is damaged` };
  }
}

/** Writes `header` and `value` to a file of its own, then renames it over `path` (a reader never sees half). */
export function writeStamped(path: string, header: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  replaceFile(path, (tmp) => writeFileSync(tmp, `${header}\n${JSON.stringify(value)}`));
}
