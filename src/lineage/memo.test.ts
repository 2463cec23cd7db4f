import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSql, LineageMemo, loadSqlParser, type RelationResolver } from './index.js';
import { cases, resolver } from './test-support/corpus.js';

/** The corpus's relations, each with one more column (what `select *` over it then sees). */
const widened: RelationResolver = (name) => {
  const known = resolver(name);
  return known?.columns ? { ...known, columns: [...known.columns, 'zz_added'] } : known;
};

describe('lineage memo', () => {
  beforeAll(loadSqlParser);

  it('gives what a full analysis gives, analysing again exactly the queries whose relations changed', () => {
    const memo = new LineageMemo();
    const pass = (r: RelationResolver) => {
      for (const c of cases) expect(memo.analyze(c.sql, r), c.name).toEqual(analyzeSql(c.sql, r));
      return memo.endPass();
    };
    const sqls = new Set(cases.map((c) => c.sql)).size;
    expect(pass(resolver)).toEqual({ changed: true, reused: cases.length - sqls, analysed: sqls });
    expect(pass(resolver)).toEqual({ changed: false, reused: cases.length, analysed: 0 });
    // A relation's columns changed: the queries that read it (and only those) are analysed again.
    const reading = new Set(
      cases.filter((c) => JSON.stringify(analyzeSql(c.sql, resolver)) !== JSON.stringify(analyzeSql(c.sql, widened))),
    );
    expect(reading.size).toBeGreaterThanOrEqual(3);
    const after = pass(widened);
    expect(after.changed).toBe(true);
    expect(after.analysed).toBeGreaterThanOrEqual(new Set([...reading].map((c) => c.sql)).size);
    expect(after.analysed).toBeLessThan(sqls);
    expect(pass(resolver).analysed).toBe(after.analysed);
  });

  it('analyses again a query whose unqualified name now finds no relation, or another one', () => {
    const memo = new LineageMemo();
    let known: ReturnType<RelationResolver> = { node: 'model.p.a', columns: ['id', 'x'] };
    const r: RelationResolver = ({ name }) => (name === 'a' ? known : undefined);
    const sql = 'select * from a';
    expect(memo.analyze(sql, r).columns.map((c) => c.name)).toEqual(['id', 'x']);
    known = { node: 'model.p.other', columns: ['id', 'x'] };
    expect(memo.analyze(sql, r)).toEqual(analyzeSql(sql, r));
    expect(memo.analyze(sql, r).columns[0]!.upstream[0]!.node).toBe('model.p.other');
    known = undefined;
    expect(memo.analyze(sql, r)).toEqual(analyzeSql(sql, r));
    known = { node: 'model.p.a' };
    expect(memo.analyze(sql, r)).toEqual(analyzeSql(sql, r));
    expect(memo.endPass()).toEqual({ changed: true, reused: 1, analysed: 4 });
    expect(memo.endPass()).toEqual({ changed: true, reused: 0, analysed: 0 }); // nothing used: all dropped
    expect([...memo.all()]).toEqual([]);
  });
});
