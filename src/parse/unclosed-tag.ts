import { TsmodelError } from '../errors/index.js';

const CLOSERS: Record<string, string> = { '{{': '}}', '{%': '%}', '{#': '#}' };

/** The first {{, {% or {# with no closer after it (where a file ends inside a tag), and its 1-based line. */
export function unclosedTag(source: string): { opener: string; closer: string; line: number } | undefined {
  const opener = /\{[{%#]/g;
  let m: RegExpExecArray | null;
  while ((m = opener.exec(source)) !== null) {
    const closer = CLOSERS[m[0]]!;
    const end = source.indexOf(closer, m.index + 2);
    if (end < 0) {
      let line = 1;
      for (let i = 0; i < m.index; i++) if (source.charCodeAt(i) === 10) line++;
      return { opener: m[0], closer, line };
    }
    opener.lastIndex = end + 2;
  }
  return undefined;
}

/** A JavaScript error the template engine let escape (e.g. "Cannot read properties of null"), not a template error. */
function leaked(err: TsmodelError): boolean {
  return (
    err.cause instanceof TypeError ||
    err.cause instanceof RangeError ||
    /\b(TypeError|RangeError)\b|Cannot read propert/.test(err.message)
  );
}

/**
 * A template error about a file that ends inside an unclosed tag, said plainly
 * at the tag's line — when the engine said only "unexpected end of template",
 * gave no line, or a JavaScript error
 * (`{{ f(` at the very end of a file made it throw "TypeError: Cannot read
 * properties of null"). Any other error is returned as it was.
 */
export function clarifyTemplateError(err: TsmodelError, source: string | undefined): TsmodelError {
  if (err.code !== 'template' || source === undefined || !err.location) return err;
  const atEnd = /unexpected end of template/i.test(err.message);
  if (!leaked(err) && !atEnd && err.location.line !== undefined) return err;
  const tag = unclosedTag(source);
  if (!tag) return err;
  return new TsmodelError(
    'template',
    `Template error: the file ends inside a ${tag.opener} tag opened on line ${tag.line} and never closed with ${tag.closer}`,
    {
      location: { file: err.location.file, line: tag.line },
      hint: `Complete the expression and close the tag with ${tag.closer}, or remove it.`,
      cause: err,
    },
  );
}
