import { describe, expect, it } from 'vitest';
import { TsmodelError } from '../errors/index.js';
import { clarifyTemplateError, unclosedTag } from './unclosed-tag.js';

describe('unclosedTag', () => {
  it('finds the first tag the file never closes, with its line', () => {
    expect(unclosedTag('select 1\n{{ f(')).toEqual({ opener: '{{', closer: '}}', line: 2 });
    expect(unclosedTag('{{ a }}\n{% if x %}\n{# note')).toEqual({ opener: '{#', closer: '#}', line: 3 });
    expect(unclosedTag('{% if x\n}}')).toEqual({ opener: '{%', closer: '%}', line: 1 });
    expect(unclosedTag('{{ a }} {% b %} {# c #}')).toBeUndefined();
    expect(unclosedTag('no tags at all {')).toBeUndefined();
  });
});

describe('clarifyTemplateError', () => {
  const leakedTypeError = () =>
    new TsmodelError('template', "Template error: TypeError: Cannot read properties of null (reading 'type')", {
      location: { file: 'models/a.sql' },
      cause: new TypeError("Cannot read properties of null (reading 'type')"),
    });

  it('says plainly where a file ends inside a tag, instead of a leaked TypeError without a line', () => {
    const err = clarifyTemplateError(leakedTypeError(), 'select 1\nfrom t\nwhere x = {{ f(');
    expect(err.message).toBe('Template error: the file ends inside a {{ tag opened on line 3 and never closed with }}');
    expect(err.location).toEqual({ file: 'models/a.sql', line: 3 });
    expect(err.hint).toMatch(/close the tag with }}/);
  });

  it('leaves other errors as they were', () => {
    const located = new TsmodelError('template', 'Template error: expected expression', {
      location: { file: 'models/a.sql', line: 2 },
    });
    expect(clarifyTemplateError(located, 'select\n{{ f(')).toBe(located);
    const closed = leakedTypeError();
    expect(clarifyTemplateError(closed, 'select {{ f() }}')).toBe(closed);
    const other = new TsmodelError('config', 'x', { location: { file: 'models/a.sql' } });
    expect(clarifyTemplateError(other, '{{ f(')).toBe(other);
    expect(clarifyTemplateError(leakedTypeError(), undefined).message).toMatch(/TypeError/);
  });
});
