import { describe, expect, it } from 'vitest';
import { sqlShape } from './sql-shape.js';

describe('sqlShape', () => {
  it('ignores layout outside literals', () => {
    expect(sqlShape('select a,\n       b\n  from t\n\n')).toBe(sqlShape('select a, b from t'));
    expect(sqlShape('  select 1  ')).toBe('select 1');
  });

  it('keeps literals, quoted identifiers and comments as written', () => {
    expect(sqlShape("select 'a  b'")).not.toBe(sqlShape("select 'a b'"));
    expect(sqlShape("select 'it''s  x'")).toBe("select 'it''s  x'");
    expect(sqlShape("select E'a\\'  b'")).toBe("select E'a\\'  b'");
    expect(sqlShape('select "a  b" from t')).not.toBe(sqlShape('select "a b" from t'));
    expect(sqlShape('select $q$a   b$q$')).toBe('select $q$a   b$q$');
    expect(sqlShape('select $$a   b$$')).toBe('select $$a   b$$');
    expect(sqlShape('select /* a   b */ 1')).toBe('select /* a   b */ 1');
  });

  it('keeps the newline that ends a line comment', () => {
    expect(sqlShape('select 1 -- note\nfrom t')).not.toBe(sqlShape('select 1 -- note from t'));
  });

  it('sees real changes', () => {
    expect(sqlShape('select a from t')).not.toBe(sqlShape('select b from t'));
    expect(sqlShape('select a from t')).not.toBe(sqlShape('select a fromt'));
  });
});
