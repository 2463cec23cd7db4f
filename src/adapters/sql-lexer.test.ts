import { describe, expect, it } from 'vitest';
import { sqlTokens, type SqlTokenKind } from './sql-lexer.js';

const kinds = (sql: string): [SqlTokenKind, string][] =>
  [...sqlTokens(sql)].map((t) => [t.kind, sql.slice(t.start, t.end)]);

describe('sqlTokens', () => {
  it('keeps quoted pieces whole, with their doubled quotes and escapes', () => {
    expect(kinds(`select 'a;''b', E'c\\'d', "x""y"`)).toEqual([
      ['code', 'select'],
      ['space', ' '],
      ['string', "'a;''b'"],
      ['code', ','],
      ['space', ' '],
      ['code', 'E'],
      ['string', "'c\\'d'"],
      ['code', ','],
      ['space', ' '],
      ['identifier', '"x""y"'],
    ]);
  });

  it('nests block comments, ends a line comment with its newline, and finds semicolons outside them', () => {
    expect(kinds('/* a /* b; */ c; */-- d;\n;')).toEqual([
      ['comment', '/* a /* b; */ c; */'],
      ['comment', '-- d;\n'],
      ['semicolon', ';'],
    ]);
  });

  it('tells dollar quotes from $1 parameters and identifiers with a $', () => {
    expect(kinds('$f$;$f$ $1 a$b$c')).toEqual([
      ['dollar', '$f$;$f$'],
      ['space', ' '],
      ['code', '$1'],
      ['space', ' '],
      ['code', 'a'],
      ['code', '$b'],
      ['code', '$c'],
    ]);
  });

  it('runs an unterminated piece to the end', () => {
    expect(kinds("x 'open")).toEqual([
      ['code', 'x'],
      ['space', ' '],
      ['string', "'open"],
    ]);
  });
});
