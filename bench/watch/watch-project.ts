import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface SyntheticProjectOptions {
  /** Models besides `edited` and `downstream` (default 2,000). */
  models?: number;
  /** Models per folder (default 100). */
  perFolder?: number;
}

/** The model the measurements edit: a table whose value changes with `version`. */
export function editedModel(version: number): string {
  return (
    `{{ config(materialized='table') }}\nselect g as id, ${version} as v, {{ cents('g') }} as ` +
    'amount from generate_series(1, 100) as g\n'
  );
}

/**
 * Writes a project for measuring watch mode: `edited` (a table) and its one
 * downstream table `downstream`, plus `models` more views in folders, each
 * reading an earlier one through ref() and calling a macro, with a not_null
 * test on every tenth (schema YAML per folder).
 */
export function writeSyntheticProject(dir: string, opts: SyntheticProjectOptions = {}): void {
  const count = opts.models ?? 2000;
  const perFolder = opts.perFolder ?? 100;
  const write = (path: string, contents: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), contents);
  };
  write('project.yml', 'name: synth\nprofile: synth\nmodels:\n  synth:\n    +materialized: view\n');
  write(
    'macros/cents.sql',
    '{% macro cents(col) %}({{ col }} / 100.0){% endmacro %}\n\n{% macro label(x) %}{{ x }} as label{% endmacro %}\n',
  );
  write('models/edited.sql', editedModel(0));
  write(
    'models/downstream.sql',
    "{{ config(materialized='table') }}\nselect id, v, v * 2 as v2 from {{ ref('edited') }}\n",
  );
  const yaml = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const folder = `models/f${String(Math.floor(i / perFolder)).padStart(3, '0')}`;
    const body =
      i < 10
        ? `select g as id, g * 100 as amount from generate_series(1, 10) as g`
        : `select id, {{ cents('amount') }} as amount, {{ label("'m${i}'") }}\n` +
          `from {{ ref('m${i - 10}') }}\n{% if var('filter', true) %}where id >= 0{% endif %}`;
    write(`${folder}/m${i}.sql`, `{{ config(tags=['t${i % 7}']) }}\n${body}\n`);
    if (i % 10 === 0)
      yaml.set(
        folder,
        `${yaml.get(folder) ?? 'version: 2\nmodels:\n'}  - name: m${i}\n    description: model ${i}\n` +
          '    columns:\n      - name: id\n        data_tests: [not_null]\n',
      );
  }
  for (const [folder, text] of yaml) write(`${folder}/schema.yml`, text);
}
