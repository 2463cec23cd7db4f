import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync } from 'node:fs';

/**
 * Writes a file whole or not at all: `fill` writes a temporary file beside `path` (named by this process and a
 * random suffix), which is then renamed over it. A reader never sees half a file, and a failure leaves the old
 * file as it was: the temporary file is removed and the error thrown on.
 */
export function replaceFile<T>(path: string, fill: (tmp: string) => T): T {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const result = fill(tmp);
    renameSync(tmp, path);
    return result;
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** replaceFile with the temporary file opened for writing: `write` gets its descriptor, closed after. */
export function replaceFileFd<T>(path: string, write: (fd: number) => T): T {
  return replaceFile(path, (tmp) => {
    const fd = openSync(tmp, 'w');
    try {
      return write(fd);
    } finally {
      closeSync(fd);
    }
  });
}
