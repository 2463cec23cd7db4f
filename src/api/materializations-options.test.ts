/**
 * Materialized views, grants, persist_docs, hooks and SQL error locations
 * through run(), on PGlite and PostgreSQL; each checked after the first
 * build and after a rebuild.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { materializationFixture } from './test-support/materialization-fixture.js';
import { run } from './run.js';

const ROLE = 'tsmodel_options_reader';

describeEachDatabase('materialization options on %s', (kind) => {
  const { project, build, rows, exec } = materializationFixture(kind);
  const outcome = (summary: Awaited<ReturnType<typeof run>>) =>
    summary.results.map((r) => [r.node.name, r.status, r.error?.message]);
  const createRole = () =>
    exec(`do $$ begin create role ${ROLE}; exception when duplicate_object or unique_violation then null; end $$`);

  it('builds and rebuilds a materialized view, applying grants each time', async () => {
    await createRole();
    project.write(
      'models/base.sql',
      `{{ config(materialized='table') }}\nselect g as id from generate_series(1, {{ var('n') }}) as g`,
    );
    project.write(
      'models/mv.sql',
      `{{ config(materialized='materialized_view', grants={'select': ['${ROLE}']}) }}\nselect count(*)::int as n from {{ ref('base') }}`,
    );
    for (const n of [3, 5]) {
      const summary = await build({ vars: { n } });
      expect(outcome(summary)).toEqual([
        ['base', 'success', undefined],
        ['mv', 'success', undefined],
      ]);
      expect(summary.results[1]!.message).toBe('created materialized view');
      expect(await rows(`select relkind::text as k from pg_class where oid = 'main.mv'::regclass`)).toEqual([
        { k: 'm' },
      ]);
      expect(await rows('select n from main.mv')).toEqual([{ n }]);
      expect(
        await rows(
          `select has_table_privilege('${ROLE}', 'main.mv', 'select') as s, has_table_privilege('${ROLE}', 'main.base', 'select') as b`,
        ),
      ).toEqual([{ s: true, b: false }]);
    }
  });

  it('grants on tables and views survive rebuilds', async () => {
    await createRole();
    project.write('models/t.sql', `{{ config(materialized='table') }}\nselect 1 as id`);
    project.write('models/v.sql', `select id from {{ ref('t') }}`);
    project.write(
      'models/schema.yml',
      `version: 2\nmodels:\n  - name: t\n    config: {grants: {select: [${ROLE}], insert: [${ROLE}]}}\n` +
        `  - name: v\n    config: {grants: {select: [${ROLE}]}}\n`,
    );
    for (let round = 1; round <= 2; round++) {
      expect((await build()).success).toBe(true);
      const privileges = await rows(
        'select table_name::text as t, privilege_type::text as p from ' +
          `information_schema.role_table_grants where grantee = '${ROLE}' and table_schema = 'main' ` +
          'order by 1, 2',
      );
      expect(privileges).toEqual([
        { t: 't', p: 'INSERT' },
        { t: 't', p: 'SELECT' },
        { t: 'v', p: 'SELECT' },
      ]);
    }
  });

  it('persist_docs puts the YAML descriptions on the relation and its columns', async () => {
    project.write('models/t.sql', `{{ config(materialized='table') }}\nselect 1 as id, 'x' as label`);
    project.write('models/v.sql', `select id, label from {{ ref('t') }}`);
    project.write(
      'models/schema.yml',
      `version: 2
models:
  - name: t
    description: "The customers' table"
    config: {persist_docs: {relation: true, columns: true}}
    columns:
      - {name: id, description: "Primary key"}
      - {name: label, description: "What it's called"}
  - name: v
    description: A view on t
    config: {persist_docs: {relation: true, columns: true}}
    columns:
      - {name: label, description: The label}
`,
    );
    for (let round = 1; round <= 2; round++) {
      expect((await build()).success).toBe(true);
      const docs = await rows(
        `select c.relname::text as rel, obj_description(c.oid, 'pg_class') as rel_doc,
                col_description(c.oid, 1) as col1, col_description(c.oid, 2) as col2
         from pg_class c where c.oid in ('main.t'::regclass, 'main.v'::regclass) order by 1`,
      );
      expect(docs).toEqual([
        { rel: 't', rel_doc: "The customers' table", col1: 'Primary key', col2: "What it's called" },
        { rel: 'v', rel_doc: 'A view on t', col1: null, col2: 'The label' },
      ]);
    }
  });

  it('runs pre- and post-hooks in the build transaction; a failing hook rolls the build back', async () => {
    await exec('create schema if not exists main');
    await exec('create table main.audit (step text, rel text, n int)');
    project.write(
      'models/audited.sql',
      `{{ config(materialized='table') }}\nselect g as id from generate_series(1, {{ var('n') }}) as g`,
    );
    project.write(
      'models/schema.yml',
      `version: 2
models:
  - name: audited
    config:
      pre_hook: "insert into main.audit values ('pre', '{{ this }}', null)"
      post_hook:
        - "insert into main.audit select 'post', '{{ this }}', count(*) from {{ this }}"
        - "{% if var('break', false) %}select 1/0{% endif %}"
`,
    );
    expect(outcome(await build({ vars: { n: 2 } }))).toEqual([['audited', 'success', undefined]]);
    expect(outcome(await build({ vars: { n: 4 } }))).toEqual([['audited', 'success', undefined]]);
    const expected = [
      { step: 'pre', rel: '"main"."audited"', n: null },
      { step: 'post', rel: '"main"."audited"', n: 2 },
      { step: 'pre', rel: '"main"."audited"', n: null },
      { step: 'post', rel: '"main"."audited"', n: 4 },
    ];
    expect(await rows('select step, rel, n from main.audit order by ctid')).toEqual(expected);

    const summary = await build({ vars: { n: 9, break: true } });
    expect(summary.results[0]!.status).toBe('error');
    expect(summary.results[0]!.message).toMatch(/post-hook 2: division by zero/);
    expect(await rows('select count(*)::int as n from main.audited')).toEqual([{ n: 4 }]);
    expect(await rows('select step, rel, n from main.audit order by ctid')).toEqual(expected);
  });

  it.each([
    ['table', `{{ config(materialized='table') }}\n`],
    ['view', ''],
  ])('points a SQL error in a %s model at the compiled file and line', async (_materialized, header) => {
    project.write(
      'models/marts/broken.sql',
      `${header}select\n  id,\n  no_such_column as label,\n  id * 2 as twice\nfrom (values (1)) as v(id)\n`,
    );
    const summary = await build();
    const result = summary.results[0]!;
    expect(result.status).toBe('error');
    expect(result.message).toContain('column "no_such_column" does not exist');
    expect(result.error?.location).toEqual({
      file: 'target/compiled/shop/models/marts/broken.sql',
      line: 3,
      column: 3,
    });
    const compiled = readFileSync(join(project.dir, 'target/compiled/shop/models/marts/broken.sql'), 'utf8');
    expect(compiled.split('\n')[2]).toBe('  no_such_column as label,');
  });

  it('counts lines right when the model has characters outside the BMP before the error', async () => {
    project.write('models/emoji.sql', `-- 🚀🚀 launch\nselect id,\nno_such_column\nfrom (values (1)) as v(id)\n`);
    const result = (await build()).results[0]!;
    expect(result.status).toBe('error');
    expect(result.error?.location).toEqual({ file: 'target/compiled/shop/models/emoji.sql', line: 3, column: 1 });
  });
});
