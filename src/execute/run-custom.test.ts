import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import { build } from '../api/run.js';
import { projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';

/**
 * Issue 16 item 5: a model whose materialized names a project's `{% materialization … %}` block runs by
 * rendering that block in its runtime context (statement, run_hooks, make_temp_relation, should_full_refresh,
 * load_relation), its statements executing as it renders; what it returns is checked.
 */
const MATERIALIZATION = `{% materialization my_table, default %}
  {%- set target_relation = this.incorporate(type='table') -%}
  {%- set existing = load_relation(this) -%}
  {%- set tmp = make_temp_relation(target_relation) -%}
  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}
  {% call statement('drop_tmp') %}drop table if exists {{ tmp }}{% endcall %}
  {% call statement('main') %}create table {{ tmp }} as ({{ sql }}){% endcall %}
  {% if existing is not none %}{% do adapter.drop_relation(existing) %}{% endif %}
  {% do adapter.rename_relation(tmp, target_relation) %}
  {% call statement('log', fetch_result=True) %}
    insert into {{ this.schema }}.mat_log values ('{{ this.name }}', {{ should_full_refresh() }})
  {% endcall %}
  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {{ adapter.commit() }}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
`;

const FILES = {
  'project.yml': 'name: custom_mat\n',
  'macros/my_table.sql': MATERIALIZATION,
  'macros/no_return.sql': `{% materialization no_return, adapter='postgres' %}
  {% call statement('main') %}select 1{% endcall %}
{% endmaterialization %}
`,
  'macros/broken.sql': `{% materialization broken, default %}
  {% call statement('main') %}
    select * from no_such_table_here
  {% endcall %}
  {{ return({'relations': [this]}) }}
{% endmaterialization %}
`,
  'models/numbers.sql': `{{ config(materialized='my_table',
  pre_hook="create table if not exists {{ this.schema }}.mat_log (name text, full_refresh boolean)",
  post_hook="insert into {{ this.schema }}.mat_log values ('post', false)") }}
select n from generate_series(1, 3) as n
`,
  'models/doubled.sql': "select n * 2 as d from {{ ref('numbers') }}\n",
  // Built beside it on other threads: their transactions must not take in the block's statements.
  'models/side_a.sql': "{{ config(materialized='table') }}\nselect 1 as a\n",
  'models/side_b.sql': "{{ config(materialized='table') }}\nselect 2 as b\n",
};

describeEachDatabase('a custom materialization on %s', (kind) => {
  let db: TestDatabase;
  let project: ProjectFixture;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    project = projectFixture(FILES);
  });
  afterAll(async () => {
    await db.dispose();
    project.dispose();
  });
  const run = (select: string[], fullRefresh = false, threads = 1) =>
    build({
      projectDir: project.dir,
      targetConfig: db.target,
      adapter: db.adapter(),
      threads,
      select,
      fullRefresh,
    });
  const rows = async (sql: string) => (await db.adapter().query(sql)).rows;

  it('builds the model through its block (hooks, statements, returned relations); a downstream model refs it', async () => {
    const first = await run(['numbers+', 'side_a', 'side_b'], false, 3);
    expect(first.results.map((r) => [r.node.name, r.status]).sort()).toEqual([
      ['doubled', 'success'],
      ['numbers', 'success'],
      ['side_a', 'success'],
      ['side_b', 'success'],
    ]);
    const s = db.target.schema;
    expect((await rows(`select d from "${s}".doubled order by d`)).map((r) => r.d)).toEqual([2, 4, 6]);
    const kinds = await rows(
      `select relname, relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where nspname = '${s}' and relname like 'numbers%'`,
    );
    expect(kinds).toEqual([{ relname: 'numbers', relkind: 'r' }]);
    // target/run/ holds the statements the block sent, in order.
    const runFile = readFileSync(join(project.dir, 'target/run/custom_mat/models/numbers.sql'), 'utf8');
    expect(runFile.indexOf('create table if not exists')).toBeGreaterThanOrEqual(0);
    expect(runFile.indexOf('create table if not exists')).toBeLessThan(runFile.indexOf('numbers__dbt_tmp" as ('));
    // Built again (load_relation finds the table; should_full_refresh() follows --full-refresh).
    const second = await run(['numbers'], true);
    expect(second.results.map((r) => r.status)).toEqual(['success']);
    expect((await rows(`select name, full_refresh from "${s}".mat_log`)).map((r) => [r.name, r.full_refresh])).toEqual([
      ['numbers', false],
      ['post', false],
      ['numbers', true],
      ['post', false],
    ]);
  });

  it('a failing statement inside the block is an error at its template line', async () => {
    project.write('models/bad.sql', "{{ config(materialized='broken') }}\nselect 1 as x\n");
    try {
      const summary = await run(['bad']);
      const [r] = summary.results;
      expect(r?.status).toBe('error');
      expect(r?.error?.message).toMatch(/no_such_table_here/);
      expect(r?.error?.location).toMatchObject({ file: 'macros/broken.sql', line: 2 });
      expect(readFileSync(join(project.dir, 'target/run/custom_mat/models/bad.sql'), 'utf8')).toContain(
        'select * from no_such_table_here',
      );
    } finally {
      project.remove('models/bad.sql');
    }
  });

  it('a block that returns nothing is an error saying what to return', async () => {
    project.write('models/nothing.sql', "{{ config(materialized='no_return') }}\nselect 1 as x\n");
    try {
      const summary = await run(['nothing']);
      const [r] = summary.results;
      expect(r?.status).toBe('error');
      expect(r?.error?.message).toBe(
        "The materialization 'no_return' (materialization_no_return_postgres) building nothing did not " +
          'return a dict with the relations it built',
      );
      expect(r?.error?.location?.file).toBe('models/nothing.sql');
      expect(r?.error?.hint).toMatch(/return\(\{'relations'/);
    } finally {
      project.remove('models/nothing.sql');
    }
  });

  it("the project's block of a built-in's name replaces the built-in", async () => {
    project.write(
      'macros/own_view.sql',
      `{% materialization view, default %}
  {% call statement('main') %}
    drop view if exists {{ this }}; create table {{ this }} as ({{ sql }})
  {% endcall %}
  {{ return({'relations': [this.incorporate(type='table')]}) }}
{% endmaterialization %}
`,
    );
    try {
      const summary = await run(['doubled']);
      expect(summary.results.map((r) => [r.node.name, r.status])).toEqual([['doubled', 'success']]);
      const kinds = await rows(
        `select relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where nspname = '${db.target.schema}' and relname = 'doubled'`,
      );
      expect(kinds).toEqual([{ relkind: 'r' }]);
    } finally {
      project.remove('macros/own_view.sql');
    }
  });
});
