import { dirname } from 'node:path';
import { TsmodelError } from '../errors/index.js';

/** A failed write of an artifact or log, naming the file (Node's ENOSPC message names only the syscall). */
export function writeError(abs: string, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== 'ENOSPC' && code !== 'EDQUOT' && code !== 'EROFS' && code !== 'EACCES' && code !== 'EPERM') return err;
  const what =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'the disk is full'
      : code === 'EROFS'
        ? 'the file system is read-only'
        : 'permission denied';
  return new TsmodelError('usage', `Could not write ${abs}: ${what} (${code})`, {
    hint:
      code === 'ENOSPC' || code === 'EDQUOT'
        ? `Free some space on the disk holding ${dirname(abs)} (or set target-path / log-path to another disk) and run again.`
        : `Make ${dirname(abs)} writable (or set target-path / log-path to a writable folder) and run again.`,
    cause: err,
  });
}
