import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { MemorySink } from '../events/index.js';
import { databaseProject } from './test-support/database-project.js';
import { compile } from './compile.js';
import { build } from './run.js';
import { show } from './show.js';

// Templates that query the database while they compile (dbt's run_query, statement, adapter introspection).
const FILES: Record<string, string> = {
  'project.yml': 'name: shop\n',
  'macros/star_like.sql': `{% macro star_like(relation, except=[]) -%}
  {%- set cols = [] -%}
  {%- for col in adapter.get_columns_in_relation(relation) if col.name not in except -%}
    {%- do cols.append(col.quoted) -%}
  {%- endfor -%}
  {{ cols | join(', ') if cols else '*' }}
{%- endmacro %}
{% macro column_values(relation, column) -%}
  {%- call statement('values', fetch_result=True) -%}
    select distinct {{ column }} from {{ relation }} order by 1
  {%- endcall -%}
  {%- if execute -%}{{ return(load_result('values')['data'] | map(attribute=0) | list) }}{%- endif -%}
  {{ return([]) }}
{%- endmacro %}`,
  'models/base.sql': `{{ config(materialized='table') }}
select 1 as id, 'a' as kind, 10 as amount union all select 2, 'b', 20 union all select 3, 'a', 5`,
  'models/starred.sql':
    "{{ config(materialized='table') }}\nselect {{ star_like(ref('base'), except=['amount']) }} from {{ ref('base') }}",
  'models/pivoted.sql': `{{ config(materialized='table') }}
select
{%- for k in column_values(ref('base'), 'kind') %}
  sum(case when kind = '{{ k }}' then amount else 0 end)::int as {{ adapter.quote('amount_' ~ k) }}{{ ',' if not loop.last }}
{%- endfor %}
from {{ ref('base') }}`,
  'models/kinds.sql': `{{ config(materialized='table') }}
select 'a' as kind, 1 as amount union all select 'b', 2 {% if var('more', false) %}union all select 'c', 3{% endif %}`,
  'models/kinds_pivot.sql': `{{ config(materialized='view') }}
select {% for k in column_values(ref('kinds'), 'kind') %}sum(case when kind = '{{ k }}' then amount end)::int as
  {{ adapter.quote(k) }}{{ ',' if not loop.last }} {% endfor %} from {{ ref('kinds') }}`,
  'models/scratch.sql': `{{ config(materialized='table', post_hook="{% do adapter.drop_relation(this) %}") }}
select 1 as id`,
  'models/counted.sql': `{{ config(materialized='table') }}
-- depends_on: {{ ref('base') }}
{%- if execute %}
{%- set t = run_query('select count(*) as n, max(kind) as k from ' ~ ref('base')) %}
{%- set rel = adapter.get_relation(database=target.database, schema=ref('base').schema, identifier='base') %}
select {{ t.rows[0][0] }} as n, '{{ t.rows[0]['k'] }}' as k, {{ t.columns['n'].values()[0] }} as n2,
  '{{ t.column_names | join('+') }}' as names, {{ t.rows | length }} as row_count,
  '{{ rel.type }}' as base_type, {{ rel.is_table }} as base_is_table,
  '{{ api.Relation.create(schema='s', identifier='t').render() }}' as created,
  '{{ api.Column('c', 'character varying', 10).data_type }}' as col_type,
  {{ adapter.get_relation(target.database, 'main', 'nope') is none }} as missing_is_none
{%- else %} select 1 {% endif %}`,
};

describeEachDatabase('templates querying the database on %s', (kind) => {
  const { db, project } = databaseProject(kind, FILES);
  const opts = () => ({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() });
  const compiled = (name: string) =>
    readFileSync(join(project.dir, 'target/compiled/shop/models', `${name}.sql`), 'utf8');

  it('run_query, statement/load_result and get_columns_in_relation compile to the right SQL and build', async () => {
    const summary = await build({ ...opts(), events: new MemorySink() });
    expect(summary.results.filter((r) => r.status !== 'success').map((r) => r.message)).toEqual([]);
    expect(compiled('starred')).toBe('select "id", "kind" from "main"."base"\n');
    expect(compiled('pivoted')).toContain(`sum(case when kind = 'a' then amount else 0 end)::int as "amount_a",`);
    const q = async (sql: string) => (await db.adapter().query(sql)).rows;
    expect(await q('select * from main.starred order by id')).toEqual([
      { id: 1, kind: 'a' },
      { id: 2, kind: 'b' },
      { id: 3, kind: 'a' },
    ]);
    expect(await q('select * from main.pivoted')).toEqual([{ amount_a: 15, amount_b: 20 }]);
    expect(await q('select * from main.counted')).toEqual([
      {
        n: 3,
        k: 'b',
        n2: 3,
        names: 'n+k',
        row_count: 1,
        base_type: 'table',
        base_is_table: true,
        created: '"s"."t"',
        col_type: 'character varying(10)',
        missing_is_none: true,
      },
    ]);
  });

  it("a view recreated beside its parent's swap is compiled again after the parent, from the new data", async () => {
    await build({ ...opts(), select: ['kinds+'], events: new MemorySink() });
    const summary = await build({ ...opts(), select: ['kinds+'], vars: { more: true }, events: new MemorySink() });
    expect(summary.results.filter((r) => r.status !== 'success').map((r) => r.message)).toEqual([]);
    expect((await db.adapter().query('select * from main.kinds_pivot')).rows).toEqual([{ a: 1, b: 2, c: 3 }]);
  });

  it('show and compile render templates that query the database', async () => {
    await build({ ...opts(), select: ['base'], events: new MemorySink() });
    const inline = "select {{ star_like(ref('base'), except=['id']) }} from {{ ref('base') }} order by amount";
    const shown = await show({ ...opts(), inline });
    expect(shown.columns).toEqual(['kind', 'amount']);
    expect(shown.rows[0]).toEqual({ kind: 'a', amount: 5 });
    const compileStarred = () => compile({ projectDir: project.dir, targetConfig: db.target, select: ['starred'] });
    if (kind === 'pglite') {
      // compile takes the folder without waiting: while a process (here, this one's adapter) holds it, it says so.
      expect(compileStarred).toThrow(/The PGlite folder .* is in use \(pid \d+, tsmodel/);
      await db.adapter().close();
    }
    compileStarred();
    expect(compiled('starred')).toBe('select "id", "kind" from "main"."base"\n');
  });

  it('a write a hook asks for (adapter.drop_relation) happens when the hook runs, not when it is rendered', async () => {
    const exists = async () =>
      (await db.adapter().query("select to_regclass('main.scratch') is not null as e")).rows[0]?.e;
    // Rendered before the build, the drop would find nothing and the table would stay: it runs after instead.
    const first = await build({ ...opts(), select: ['scratch'], events: new MemorySink() });
    expect(first.results.map((r) => r.status)).toEqual(['success']);
    expect(await exists()).toBe(false);
    await db.adapter().query('create table main.scratch as select 2 as id');
    const again = await build({ ...opts(), select: ['scratch'], events: new MemorySink() });
    expect(again.results.map((r) => r.status)).toEqual(['success']);
    expect(await exists()).toBe(false);
  });

  it("a failing statement points at the template's line; the database is left as it was", async () => {
    writeFileSync(
      join(project.dir, 'models/broken.sql'),
      "{{ config(materialized='table') }}\nselect 1 as id\n{% set t = run_query('select * from main.no_such_table') %}\n",
    );
    const summary = await build({ ...opts(), select: ['broken'], events: new MemorySink() });
    const [result] = summary.results;
    expect(result?.status).toBe('error');
    expect(result?.error?.location).toMatchObject({ file: 'models/broken.sql', line: 3 });
    expect(result?.error?.message).toMatch(/no_such_table.*does not exist/);
    expect((await db.adapter().query("select to_regclass('main.broken') as r")).rows).toEqual([{ r: null }]);
  });
});
