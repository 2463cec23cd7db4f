import { closeSync, copyFileSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { replaceFile, replaceFileFd } from './replace-file.js';
import { join } from 'node:path';
import { scrubValue } from '../secrets/index.js';
import type { FileStamp } from './write.js';
import { writeError } from './write-error.js';

/**
 * Rewrites a JSON artifact written by writeJson (JSON.stringify(v, null, 2)) whose first key alone changed:
 * `first` ({key: value}, one key) replaces the old first key's value, every byte after it is copied as it is.
 * Only when the file still has the size and time it was written with (`known`): anything else (a file edited,
 * removed, another shape) returns undefined and leaves the file alone, for the caller to write it whole.
 * Returns the new file's size and time.
 */
export function spliceJsonHead(
  projectRoot: string,
  relPath: string,
  first: Record<string, unknown>,
  known: FileStamp,
): FileStamp | undefined {
  const abs = join(projectRoot, relPath);
  const st = statSync(abs, { throwIfNoEntry: false });
  if (!st || !st.isFile() || st.size !== known.size || st.mtimeMs !== known.mtimeMs) return undefined;
  const [key] = Object.keys(first);
  const start = Buffer.from(`{\n  "${key}"`);
  if (Object.keys(first).length !== 1) return undefined;
  // The first key's value is small (manifest.json's metadata): it ends within the file's first bytes.
  const fd = openSync(abs, 'r');
  const peek = Buffer.alloc(Math.min(st.size, 1 << 16));
  try {
    readSync(fd, peek, 0, peek.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!peek.subarray(0, start.length).equals(start)) return undefined;
  // The second key's line: a newline, two spaces and a quote occur in a pretty-printed value only deeper.
  const next = peek.indexOf('\n  "', start.length);
  if (next < 0 || peek[next - 1] !== 0x2c) return undefined; // 0x2c: the comma ending the first key's value
  const head = Buffer.from(`${JSON.stringify(scrubValue(first), null, 2).slice(0, -2)},`);
  try {
    if (head.length === next) {
      // The usual case (a new time and invocation id, as long as the old): the copy is the kernel's, then the head.
      replaceFile(abs, (tmp) => {
        copyFileSync(abs, tmp);
        const out = openSync(tmp, 'r+');
        try {
          writeSync(out, head, 0, head.length, 0);
        } finally {
          closeSync(out);
        }
      });
    } else {
      const old = readFileSync(abs);
      replaceFileFd(abs, (out) => {
        writeSync(out, head);
        for (let at = next; at < old.length;) at += writeSync(out, old, at);
      });
    }
  } catch (err) {
    throw writeError(abs, err);
  }
  const now = statSync(abs);
  return { size: now.size, mtimeMs: now.mtimeMs };
}
