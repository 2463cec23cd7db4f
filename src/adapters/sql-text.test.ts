import { describe, expect, it } from 'vitest';
import { hasSeveralStatements } from './sql-text.js';

describe('hasSeveralStatements', () => {
  it.each<[string, boolean]>([
    ['select 1', false],
    ['select 1;', false],
    ['select 1;;  \n', false],
    ['select 1; -- done\n', false],
    ['select 1; /* done */', false],
    ['select 1; select 2', true],
    ['create table t (a int);\ninsert into t values (1);', true],
    ["select ';' as semi", false],
    ["select 'it''s; fine'", false],
    ["select E'a\\'; b'", false],
    ['select 1 as ";"', false],
    ['select $$ a; b $$', false],
    ['do $body$ begin perform 1; end $body$', false],
    ['do $body$ begin perform 1; end $body$; select 2', true],
    ['select $1::int', false],
    ['select 1 -- a; b\n', false],
    ['select /* a; /* nested; */ b; */ 1', false],
    ['select 1 /* c */ ; select 2', true],
  ])('%j → %s', (sql, expected) => {
    expect(hasSeveralStatements(sql)).toBe(expected);
  });
});
