import { TsmodelErrors, type TsmodelError } from '../errors/index.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/**
 * The one place exit codes are decided: 0 success; 1 a node or test failed
 * (a database error while running); 2 nothing ran because of usage, config,
 * template, graph or connection problems.
 */
export function exitCodeForError(err: unknown): number {
  const list: TsmodelError[] = err instanceof TsmodelErrors ? [...err.errors] : [err as TsmodelError];
  return list.length > 0 && list.every((e) => e?.code === 'database') ? EXIT_FAILED : EXIT_USAGE;
}

export function exitCodeForRun(success: boolean): number {
  return success ? EXIT_OK : EXIT_FAILED;
}
