import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { RelationResolver } from '../index.js';

/** The corpus of hand-checked cases (see corpus/README.md). */
export interface Case {
  name: string;
  sql: string;
  expect: Record<string, string[]>;
  incomplete?: boolean;
}

const dir = join(import.meta.dirname, '..', 'corpus');
export const relations = parse(readFileSync(join(dir, 'relations.yml'), 'utf8')) as Record<string, string[] | null>;
const files = readdirSync(dir).filter((f) => f.endsWith('.yml') && f !== 'relations.yml');
export const cases = files.flatMap((f) =>
  (parse(readFileSync(join(dir, f), 'utf8')) as Case[]).map((c) => ({ ...c, file: f })),
);

/** Each relation is a node named after itself. */
export const resolver: RelationResolver = ({ schema, name }) => {
  const key = schema ? `${schema}.${name}` : name;
  if (!Object.hasOwn(relations, key)) return undefined;
  return { node: key, columns: relations[key] ?? undefined };
};
