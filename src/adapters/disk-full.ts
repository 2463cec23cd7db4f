import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseError } from './errors.js';

/** SQLSTATE disk_full: PostgreSQL's report of ENOSPC ("could not extend file …: No space left on device"). */
export const DISK_FULL = '53100';

/**
 * What to free before a PGlite folder can be written (or opened) again: room
 * for the write-ahead log, which PostgreSQL extends 16 MB at a time and must
 * extend to recover or check-point, plus some room for the data.
 */
export const NEEDED_MB = 64;

/** True for a disk-full error: the SQLSTATE, or ENOSPC from the file system layer. */
export function isDiskFull(err: unknown): boolean {
  const e = err as { code?: unknown; sqlstate?: unknown; message?: unknown; cause?: unknown } | undefined;
  if (!e || typeof e !== 'object') return false;
  if (e.sqlstate === DISK_FULL || e.code === DISK_FULL || e.code === 'ENOSPC') return true;
  if (typeof e.message === 'string' && /no space left on device|ENOSPC/i.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== err && isDiskFull(e.cause);
}

/** Free megabytes on the file system holding `path` (or its nearest existing parent); undefined when unknown. */
export function freeMegabytes(path: string): number | undefined {
  for (let p = path; ; p = dirname(p)) {
    try {
      const s = statfsSync(p);
      return Math.floor((s.bavail * s.bsize) / 1024 / 1024);
    } catch {
      if (dirname(p) === p) return undefined;
    }
  }
}

/** What the user must do about a full disk under a PGlite folder. */
export function diskFullHint(folder: string): string {
  const free = freeMegabytes(folder);
  const now = free === undefined ? '' : ` (${free} MB free now)`;
  return (
    `Free at least ${NEEDED_MB} MB more on the disk holding ${folder}${now}, or point the target's path at a bigger disk, ` +
    'then run again. PostgreSQL needs room for the data it writes and for its write-ahead log (16 MB segments).'
  );
}

/** The error a statement gets when the disk under the PGlite folder is full. */
export function diskFullError(folder: string, sql: string, cause: unknown): DatabaseError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new DatabaseError(
    `The disk holding the PGlite database ${folder} is full: ${reason}. ` +
      'The statement and its transaction were rolled back; the folder keeps its previous contents.',
    { sqlstate: DISK_FULL, sql, cause, hint: diskFullHint(folder) },
  );
}
