import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectFixture, type ProjectFixture } from './test-support/project-fixture.js';
import { compile } from './compile.js';
import { ls } from './ls.js';

const SCHEMA = (type: string) =>
  `models:\n  - name: d\n    config: {contract: {enforced: true}}\n    columns:\n      - name: id\n        data_type: ${type}\n`;

const FILES = {
  'project.yml': 'name: shop\nvars:\n  region: us\n',
  'macros/money.sql':
    '{% macro round_to(x) %}round({{ x }}, 2){% endmacro %}\n' +
    '{% macro cents_to_dollars(c) %}{{ round_to(c ~ " / 100.0") }}{% endmacro %}\n',
  'models/a.sql': "select {{ cents_to_dollars('amount') }} as dollars from (select 100 as amount) t",
  'models/b.sql': 'select \'{{ var("region") }}\' as region',
  'models/c.sql': 'select \'{{ env_var("SHOP_MODE", "live") }}\' as mode',
  'models/d.sql': 'select 1 as id',
  'models/e.sql': 'select 1 as x',
  'models/schema.yml': SCHEMA('int'),
};

describe('state:modified sub-selectors on a real project (dbt meanings)', () => {
  let project: ProjectFixture;
  const names = (select: string, opts: Record<string, unknown> = {}) =>
    ls({
      projectDir: project.dir,
      select: [select],
      state: join(project.dir, 'prod'),
      resourceTypes: ['model'],
      ...opts,
    })
      .map((e) => e.name)
      .sort();

  beforeEach(() => {
    project = projectFixture(FILES);
    compile({ projectDir: project.dir, env: {} });
    cpSync(join(project.dir, 'target'), join(project.dir, 'prod'), { recursive: true });
  });
  afterEach(() => project.dispose());

  it('nothing is modified against its own manifest', () => {
    expect(names('state:modified', { env: {} })).toEqual([]);
  });

  it('.macros: a macro called through another macro changed', () => {
    project.write('macros/money.sql', FILES['macros/money.sql'].replace('round({{ x }}, 2)', 'round({{ x }}, 4)'));
    expect(names('state:modified.macros', { env: {} })).toEqual(['a']);
    expect(names('state:modified.body', { env: {} })).toEqual([]);
    expect(names('state:modified', { env: {} })).toEqual(['a']);
  });

  it('.vars: a var or an env var the node reads has another value', () => {
    expect(names('state:modified.vars', { env: {}, vars: { region: 'eu' } })).toEqual(['b']);
    expect(names('state:modified.vars', { env: { SHOP_MODE: 'test' } })).toEqual(['c']);
    expect(names('state:modified', { env: { SHOP_MODE: 'test' }, vars: { region: 'eu' } })).toEqual(['b', 'c']);
  });

  it('.contract: an enforced contract whose column types changed', () => {
    project.write('models/schema.yml', SCHEMA('bigint'));
    expect(names('state:modified.contract', { env: {} })).toEqual(['d']);
    expect(names('state:modified.body', { env: {} })).toEqual([]);
  });

  it('.body and .configs keep their meanings', () => {
    project.write('models/e.sql', "{{ config(materialized='table') }}\nselect 1 as x");
    expect(names('state:modified.body', { env: {} })).toEqual(['e']);
    expect(names('state:modified.configs', { env: {} })).toEqual(['e']);
    expect(names('state:modified.macros', { env: {} })).toEqual([]);
  });
});
