/**
 * Errors raised while a template runs, with the chain of calls that led there: each compiled function (a
 * template's root, a macro) catches what passes through it and adds its own file and current line, innermost
 * first, the way a Jinja traceback reads.
 */

export interface TraceFrame {
  file: string;
  /** 1-based line in `file` where the error happened or the next call was made. */
  line: number;
  /** The macro this line is in; absent for a template's top level. */
  macro?: string;
}

export class TemplateRuntimeError extends Error {
  override name = 'TemplateRuntimeError';
  readonly frames: TraceFrame[] = [];
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super(message);
  }

  /** Where it happened: the innermost frame. */
  get where(): TraceFrame | undefined {
    return this.frames[0];
  }

  /** "in macro b (macros/b.sql:3), called from macro a (macros/a.sql:7), called from models/m.sql:2" */
  describeChain(): string {
    return this.frames
      .map(
        (f, i) =>
          `${i === 0 ? 'in' : 'called from'} ${f.macro ? `macro ${f.macro} (${f.file}:${f.line})` : `${f.file}:${f.line}`}`,
      )
      .join(', ');
  }
}

/** Thrown by `return(value)` inside a macro; caught where the macro was called. */
export class MacroReturn {
  constructor(readonly value: unknown) {}
}

export function traced(err: unknown): TemplateRuntimeError {
  if (err instanceof TemplateRuntimeError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new TemplateRuntimeError(message, err);
}
