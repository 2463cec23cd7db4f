import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IDENTIFIER } from '../config/index.js';
import { TsmodelError } from '../errors/index.js';

const FILES = (name: string): Record<string, string> => ({
  'project.yml': `name: ${name}
profile: ${name}
version: "1.0.0"

model-paths: [models]
seed-paths: [seeds]
test-paths: [tests]
macro-paths: [macros]
snapshot-paths: [snapshots]
analysis-paths: [analyses]

models:
  ${name}:
    staging:
      +materialized: view
    marts:
      +materialized: table
`,
  'models/staging/stg_numbers.sql': `-- A staging model: a view over raw data.
select n as id, n * n as square
from generate_series(1, 10) as n
`,
  'models/marts/number_stats.sql': `-- A mart: a table built from the staging model.
select count(*) as how_many, sum(square) as total
from {{ ref('stg_numbers') }}
`,
  'models/schema.yml': `version: 2

models:
  - name: stg_numbers
    description: The numbers 1 to 10 and their squares.
    columns:
      - name: id
        description: The number.
  - name: number_stats
    description: One row summarising stg_numbers.
`,
  'seeds/.gitkeep': '',
  'tests/.gitkeep': '',
  'macros/.gitkeep': '',
  'snapshots/.gitkeep': '',
  'analyses/.gitkeep': '',
  '.gitignore': 'target/\nlogs/\n.tsmodel/\nprofiles.yml\n',
});

/** `tsmodel init <name>`: scaffolds a new project in ./<name> (or the given folder). Returns the files written. */
export function init(opts: { name: string; dir?: string }): { dir: string; files: string[] } {
  if (!IDENTIFIER.test(opts.name)) {
    throw new TsmodelError('usage', `'${opts.name}' is not a valid project name`, {
      hint: 'Use letters, digits and underscores, starting with a letter or underscore (e.g. my_project).',
    });
  }
  const dir = resolve(opts.dir ?? opts.name);
  if (existsSync(join(dir, 'project.yml')) || existsSync(join(dir, 'dbt_project.yml'))) {
    throw new TsmodelError('usage', `${dir} already holds a project`, { hint: 'Choose a new folder name.' });
  }
  const files = FILES(opts.name);
  for (const [rel, contents] of Object.entries(files)) {
    const abs = join(dir, rel);
    mkdirSync(resolve(abs, '..'), { recursive: true });
    writeFileSync(abs, contents);
  }
  return { dir, files: Object.keys(files) };
}
