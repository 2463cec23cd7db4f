import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { analyzeSql, loadSqlParser, type RelationResolver } from './index.js';

/** The corpus of hand-checked cases (see corpus/README.md). */
interface Case {
  name: string;
  sql: string;
  expect: Record<string, string[]>;
  incomplete?: boolean;
}

const dir = join(import.meta.dirname, 'corpus');
const relations = parse(readFileSync(join(dir, 'relations.yml'), 'utf8')) as Record<string, string[] | null>;
const files = readdirSync(dir).filter((f) => f.endsWith('.yml') && f !== 'relations.yml');
const cases = files.flatMap((f) =>
  (parse(readFileSync(join(dir, f), 'utf8')) as Case[]).map((c) => ({ ...c, file: f })),
);

/** Each relation is a node named after itself. */
const resolver: RelationResolver = ({ schema, name }) => {
  const key = schema ? `${schema}.${name}` : name;
  if (!Object.hasOwn(relations, key)) return undefined;
  return { node: key, columns: relations[key] ?? undefined };
};

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
