/** Where something is in a project file. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/**
 * Error codes, grouped by what went wrong. The exit code a command returns is
 * decided from the group (see exitCodeFor in cli/).
 */
export type ErrorCode =
  | 'usage'
  | 'config'
  | 'yaml'
  | 'template'
  | 'graph-cycle'
  | 'graph-duplicate'
  | 'graph-missing-ref'
  | 'graph-access'
  | 'selection'
  | 'compile'
  | 'connection'
  | 'database'
  | 'materialization'
  | 'internal';

export type Severity = 'error' | 'warning';

export interface TsmodelErrorOptions {
  location?: SourceLocation;
  hint?: string;
  severity?: Severity;
  cause?: unknown;
}

/** Every user-facing problem: a code, a message, where it is, and what to do. */
export class TsmodelError extends Error {
  readonly code: ErrorCode;
  readonly location?: SourceLocation;
  readonly hint?: string;
  readonly severity: Severity;

  constructor(code: ErrorCode, message: string, options: TsmodelErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TsmodelError';
    this.code = code;
    this.location = options.location;
    this.hint = options.hint;
    this.severity = options.severity ?? 'error';
  }
}

/** Several problems found together (parse and compile collect them all). */
export class TsmodelErrors extends Error {
  readonly errors: readonly TsmodelError[];
  constructor(errors: readonly TsmodelError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'TsmodelErrors';
    this.errors = errors;
  }
}

export function isTsmodelError(err: unknown): err is TsmodelError {
  return err instanceof TsmodelError;
}

/** Flattens anything thrown into a list of TsmodelErrors (unknown errors become 'internal'). */
export function toErrorList(err: unknown): TsmodelError[] {
  if (err instanceof TsmodelErrors) return [...err.errors];
  if (err instanceof TsmodelError) return [err];
  const message = err instanceof Error ? err.message : String(err);
  return [new TsmodelError('internal', message, { cause: err })];
}
