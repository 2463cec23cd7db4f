/**
 * The synthetic project of bench/synthetic-project.ts written as a Dataform 2.x project (the peer of the
 * compile section): the same models, each a SQLX file with the same SQL, its `config { }` block in place of
 * `{{ config() }}`, `${ref()}` in place of ref() and source(), the shared macros as JavaScript functions in
 * includes/helpers.js (returning the text the Jinja macros return), the var as a project var, the
 * descriptions, and the not_null / unique tests as Dataform assertions (nonNull, uniqueKey).
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { modelDescription, syntheticModels, type ModelSpec, type SyntheticOptions } from './synthetic-project.js';

const HELPERS = `// The synthetic benchmark project's shared macros (bench/synthetic-project.ts), as Dataform includes.
function to_amount(col) {
  return \`round((\${col})::numeric, 2)\`;
}
function normalize_category(col) {
  return \`coalesce(nullif(lower(trim(\${col})), ''), 'unknown')\`;
}
function safe_divide(a, b) {
  return \`(\${a})::numeric / nullif((\${b})::numeric, 0)\`;
}
function latest_of(a, b) {
  return \`greatest(\${a}, \${b})\`;
}
module.exports = { to_amount, normalize_category, safe_divide, latest_of };
`;

const CALL = /\{\{\s*(\w+)\(([\s\S]*?)\)\s*\}\}/g;

/** A model's Jinja calls as SQLX interpolations. */
function sqlxBody(sql: string): string {
  return sql.replace(CALL, (_all, fn: string, args: string) => {
    if (fn === 'ref') return `\${ref(${args})}`;
    if (fn === 'source') return `\${ref(${args})}`; // a declaration is referenced by (schema, name)
    if (fn === 'var') return `\${dataform.projectConfig.vars[${args.split(',')[0]}]}`;
    return `\${helpers.${fn}(${args})}`;
  });
}

function configBlock(m: ModelSpec): string {
  const config = {
    type: m.materialized,
    ...(m.layer === 'marts' ? { tags: [m.domain, 'mart'] } : {}),
    description: modelDescription(m),
    columns: {
      id: 'Row identifier, unique in this model.',
      customer_id: 'The customer.',
      amount: 'Money, rounded to cents.',
    },
    assertions: { nonNull: ['id', 'customer_id'], uniqueKey: ['id'] },
  };
  return `config ${JSON.stringify(config, null, 2)}`;
}

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** Writes the Dataform project into `dir` (emptied first); `nodeModules` is linked as its node_modules. */
export function writeDataformProject(dir: string, options: SyntheticOptions, nodeModules: string): { models: number } {
  const { models, sourceTables } = syntheticModels(options);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const project = {
    warehouse: 'postgres',
    defaultSchema: 'bench',
    assertionSchema: 'bench_assertions',
    vars: { start_date: '2020-01-01' },
  };
  write(dir, 'dataform.json', `${JSON.stringify(project, null, 2)}\n`);
  write(dir, 'includes/helpers.js', HELPERS);
  const declarations = sourceTables.map((t) => `declare({ schema: "raw", name: "${t}" });`);
  write(dir, 'definitions/sources.js', `${declarations.join('\n')}\n`);
  for (const m of models) {
    const body = sqlxBody(m.sql.replace(/^\{\{ config\([^\n]*\) \}\}\n/, ''));
    write(dir, `definitions/${m.layer}/${m.domain}/${m.name}.sqlx`, `${configBlock(m)}\n${body}`);
  }
  mkdirSync(nodeModules, { recursive: true });
  symlinkSync(nodeModules, join(dir, 'node_modules'), 'dir');
  return { models: models.length };
}
