import { describe, expect, it } from 'vitest';
import { quoteIdent, quoteLiteral, quoteRelation } from './quote.js';

describe('quoting', () => {
  it('doubles embedded quotes in identifiers and literals', () => {
    expect(quoteIdent('my "col"')).toBe('"my ""col"""');
    expect(quoteLiteral("it's")).toBe("'it''s'");
  });

  it('quotes both parts of a relation, keeping case and dots inside a part', () => {
    expect(quoteRelation({ schema: 'Main', identifier: 'a.b' })).toBe('"Main"."a.b"');
  });
});
