import { TsmodelError } from '../errors/index.js';
import { TemplateSyntaxError } from './jinja/template.js';
import { TemplateRuntimeError } from './jinja/traceback.js';

/**
 * Turns what a template raised into a TsmodelError that points at the right file and line: for a runtime
 * error, the innermost frame of its traceback (a macro's own file and line), with the chain of calls
 * (model → macro → macro) in the message; for a syntax error, the line the parser stopped at.
 */

function lineOf(source: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

const PARSE_HINT =
  'Check the {{ }} and {% %} tags near this line: every block needs its end tag and expressions must be complete.';
const RUN_HINT = 'Check the names used near this line: a macro, variable or function there is not defined or failed.';

export function syntaxErrorToTsmodel(err: unknown, file: string, source: string): TsmodelError {
  const message = err instanceof Error ? err.message : String(err);
  // A block left open is reported at the end of the file, where the parser noticed it.
  const atEnd = /end of (file|template)/.test(message) ? lineOf(source.trimEnd(), Infinity) : undefined;
  const line = err instanceof TemplateSyntaxError && err.line !== undefined ? err.line : atEnd;
  return new TsmodelError('template', `Template error: ${message}`, {
    location: { file, line },
    hint: PARSE_HINT,
    cause: err,
  });
}

/** `raised` is a TsmodelError a context function threw (ref() of a missing model, raise_compiler_error…). */
export function runtimeErrorToTsmodel(err: unknown, file: string, raised: TsmodelError | undefined): TsmodelError {
  const trace = err instanceof TemplateRuntimeError ? err : undefined;
  const where = trace?.where;
  const location = { file: where?.file ?? file, line: where?.line };
  const chain = trace && trace.frames.length > 1 ? ` (${trace.describeChain()})` : '';
  if (raised) {
    if (raised.location?.line !== undefined) return raised;
    return new TsmodelError(raised.code, `${raised.message}${chain}`, {
      location: { file: raised.location?.file ?? location.file, line: location.line },
      hint: raised.hint,
      severity: raised.severity,
      cause: err,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new TsmodelError('template', `Template error: ${message}${chain}`, { location, hint: RUN_HINT, cause: err });
}
