import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSql, loadSqlParser } from './index.js';
import { cases, resolver } from './test-support/corpus.js';

/** `{column: ['rel.col:kind', …, '?']}` in output order, each list sorted. */
function shown(sql: string): { columns: Record<string, string[]>; incomplete: boolean } {
  const lineage = analyzeSql(sql, resolver);
  const columns: Record<string, string[]> = {};
  for (const col of lineage.columns) {
    const deps = col.upstream.map((u) => `${u.node}.${u.column}:${u.kind}`);
    columns[col.name] = [...deps, ...(col.unknown ? ['?'] : [])].sort();
  }
  return { columns, incomplete: lineage.unknown !== undefined };
}

describe('column lineage corpus', () => {
  beforeAll(loadSqlParser);

  it('has at least 60 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases.map((c) => [`${c.file}: ${c.name}`, c] as const))('%s', (_title, c) => {
    const got = shown(c.sql);
    const want = Object.fromEntries(Object.entries(c.expect).map(([k, v]) => [k, [...v].sort()]));
    expect(Object.keys(got.columns)).toEqual(Object.keys(want));
    expect(got.columns).toEqual(want);
    expect(got.incomplete).toBe(c.incomplete ?? false);
  });
});
