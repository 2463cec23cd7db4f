import { describe, expect, it } from 'vitest';
import { TsmodelError } from '../errors/index.js';
import { BUILTIN_MACROS } from './builtin-macros.js';
import { modelContext } from './test-support/model-context.js';
import { Renderer } from './renderer.js';

const renderer = new Renderer([
  ...BUILTIN_MACROS,
  { path: 'macros/a.sql', builtin: false, source: '{% macro a(x) %}\n  a: {{ b(x) }}\n{% endmacro %}' },
  { path: 'macros/b.sql', builtin: false, source: '{# b #}\n{% macro b(x) -%}\n{{ c(x) }}\n{%- endmacro %}' },
  {
    path: 'macros/c.sql',
    builtin: false,
    source: '{% macro c(x) %}\n{% set y = x %}\n{{ y.nodes | length }}\n{% endmacro %}',
  },
  {
    path: 'macros/raise.sql',
    builtin: false,
    source: "{% macro fails() %}\n\n{{ exceptions.raise_compiler_error('custom failure') }}\n{% endmacro %}",
  },
]);

const ctx = modelContext(renderer, {
  pkg: 'p',
  file: 'models/m.sql',
});

function failure(source: string): TsmodelError {
  try {
    renderer.render('models/m.sql', source, ctx);
  } catch (err) {
    expect(err).toBeInstanceOf(TsmodelError);
    return err as TsmodelError;
  }
  throw new Error('expected the render to fail');
}

describe('template errors point where they happen', () => {
  it('compiles every macro file', () => {
    expect(renderer.errors).toEqual([]);
  });

  it('calling an undefined name names it, at the model line', () => {
    const err = failure('select 1\n\nfrom {{ not_a_macro() }}');
    expect(err.message).toBe("Template error: 'not_a_macro' is undefined");
    expect(err.location).toEqual({ file: 'models/m.sql', line: 3 });
  });

  it('reading an attribute of an undefined name is an error, never a silent 0', () => {
    const err = failure('select\n{{ no_such_graph.nodes | length }}');
    expect(err.message).toBe("Template error: 'no_such_graph' is undefined");
    expect(err.location).toEqual({ file: 'models/m.sql', line: 2 });
  });

  it('printing a bare undefined name prints nothing, as Jinja2 does', () => {
    expect(renderer.render('models/m.sql', 'select [{{ nothing_here }}]', ctx)).toBe('select []');
  });

  it('an error three macros deep names the innermost macro file and line, and the chain of calls', () => {
    const err = failure('select 1,\n  {{ a(undefined_arg) }}');
    expect(err.location).toEqual({ file: 'macros/c.sql', line: 3 });
    expect(err.message).toBe(
      "Template error: 'undefined_arg' is undefined (in macro c (macros/c.sql:3), called from macro b (macros/b.sql:3), " +
        'called from macro a (macros/a.sql:2), called from models/m.sql:2)',
    );
  });

  it("an error raised by a context function inside a macro points at the macro's line", () => {
    const err = failure('-- header\n{{ fails() }}');
    expect(err.message).toBe('custom failure (in macro fails (macros/raise.sql:3), called from models/m.sql:2)');
    expect(err.location).toEqual({ file: 'macros/raise.sql', line: 3 });
  });

  it.each([
    ['an expression left open at the end', 'select\n1,\n{{ x', 3],
    ['an unclosed comment', 'select 1\n{# note', 2],
    ['an unknown tag', 'select 1\n\n{% endfor %}', 3],
    ['a list left open', 'select\n{{ [1, 2 }}', 2],
  ])('a syntax error has a line: %s', (_what, source, line) => {
    expect(failure(source).location).toEqual({ file: 'models/m.sql', line });
  });

  it('a syntax error names the file and the line', () => {
    const err = failure('select\n{{ config(materialized="table",) }}\n{% if %}');
    expect(err.location).toEqual({ file: 'models/m.sql', line: 3 });
  });
});
