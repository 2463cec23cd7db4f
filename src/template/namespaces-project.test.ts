import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import { deps } from '../api/deps.js';
import { build } from '../api/run.js';

/**
 * The ns_shop project (src/template/__fixtures__/namespaces) uses the ns_utils package, installed by
 * `local:`: namespaced calls, the root project's own namespace, adapter.dispatch with the project's
 * dispatch: config, a package macro calling its sibling unqualified, a package model seeing its own macro
 * before the project's, the dbt library, and namespaced generic tests (one with config(fail_calc=…) in its
 * macro). Built end to end on each database.
 */
const FIXTURES = resolve(import.meta.dirname, '__fixtures__/namespaces');

describeEachDatabase('a project calling a package through namespaces on %s', (kind) => {
  let db: TestDatabase;
  let tmp: string;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    tmp = mkdtempSync(join(tmpdir(), 'tsmodel-ns-'));
    cpSync(join(FIXTURES, 'ns_utils'), join(tmp, 'ns_utils'), { recursive: true });
    dir = join(tmp, 'ns_shop');
    cpSync(join(FIXTURES, 'ns_shop'), dir, { recursive: true });
    writeFileSync(join(dir, 'packages.yml'), 'packages:\n  - local: ../ns_utils\n');
    await deps({ projectDir: dir });
  });
  afterAll(async () => {
    await db.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('builds the models and the namespaced test, each macro resolved as dbt resolves it', async () => {
    const summary = await build({ projectDir: dir, targetConfig: db.target, adapter: db.adapter(), threads: 1 });
    expect(summary.results.map((r) => [r.node.uniqueId.split('.').slice(0, 3).join('.'), r.status]).sort()).toEqual([
      ['model.ns_shop.report', 'success'],
      ['model.ns_utils.ns_numbers', 'success'],
      ['test.ns_shop.ns_utils_balanced_report_doubled', 'pass'],
      // named like tsmodel's native equal_rowcount, with an argument it lacks: the package's test, counted its way
      ['test.ns_shop.ns_utils_equal_rowcount_report_ref_ns_numbers___n', 'pass'],
      ['test.ns_shop.ns_utils_is_even_report_doubled', 'pass'],
      // tsmodel's native not_empty_string has no trim_whitespace: the package's own test runs
      ['test.ns_shop.ns_utils_not_empty_string_report_greet__false', 'pass'],
    ]);
    const rows = (await db.adapter().query(`select * from "${db.target.schema}".report order by n`)).rows;
    expect(
      rows.map((r) => [r.n, r.greet, r.label, String(r.amount), r.doubled, r.shout, Number(r.days), r.where_from]),
    ).toEqual([
      [1, 'hello from ns_utils', 'root:x', '1.500000', 2, 'HELLO FROM NS_SHOP', 1, 'ns_shop/ns_shop'],
      [2, 'hello from ns_utils', 'root:x', '3.000000', 4, 'HELLO FROM NS_SHOP', 2, 'ns_shop/ns_shop'],
      [3, 'hello from ns_utils', 'root:x', '4.500000', 6, 'HELLO FROM NS_SHOP', 3, 'ns_shop/ns_shop'],
    ]);
  });

  it("a model using the package's custom materialization is built by the package's block", async () => {
    writeFileSync(join(dir, 'models', 'audited.sql'), "{{ config(materialized='audit_table') }}\nselect 1 as x\n");
    try {
      const summary = await build({
        projectDir: dir,
        targetConfig: db.target,
        adapter: db.adapter(),
        threads: 1,
        select: ['audited'],
      });
      expect(summary.results.map((r) => [r.node.name, r.status])).toEqual([['audited', 'success']]);
      const rows = (await db.adapter().query(`select x from "${db.target.schema}".audited`)).rows;
      expect(rows).toEqual([{ x: 1 }]);
    } finally {
      rmSync(join(dir, 'models', 'audited.sql'));
    }
  });

  it("the project's block of the same name and adapter overrides the package's", async () => {
    writeFileSync(join(dir, 'models', 'audited.sql'), "{{ config(materialized='audit_table') }}\nselect 1 as x\n");
    writeFileSync(
      join(dir, 'macros', 'own_audit.sql'),
      `{% materialization audit_table, adapter='postgres' %}
  {% call statement('main') %}create table {{ this }} as (select x + 100 as x from ({{ sql }}) s){% endcall %}
  {{ return({'relations': [this]}) }}
{% endmaterialization %}
`,
    );
    try {
      await db.adapter().query(`drop table if exists "${db.target.schema}".audited`);
      const summary = await build({
        projectDir: dir,
        targetConfig: db.target,
        adapter: db.adapter(),
        threads: 1,
        select: ['audited'],
      });
      expect(summary.results.map((r) => [r.node.name, r.status])).toEqual([['audited', 'success']]);
      const rows = (await db.adapter().query(`select x from "${db.target.schema}".audited`)).rows;
      expect(rows).toEqual([{ x: 101 }]);
    } finally {
      rmSync(join(dir, 'models', 'audited.sql'));
      rmSync(join(dir, 'macros', 'own_audit.sql'));
    }
  });

  it("a package's block of a built-in's name does not replace the built-in (dbt 1.8+)", async () => {
    const override = join(dir, 'dbt_packages', 'ns_utils', 'macros', 'view_override.sql');
    writeFileSync(
      override,
      "{% materialization view, default %}{{ exceptions.raise_compiler_error('the package view ran') }}{% endmaterialization %}\n",
    );
    writeFileSync(join(dir, 'models', 'plain_view.sql'), "{{ config(materialized='view') }}\nselect 1 as y\n");
    try {
      const summary = await build({
        projectDir: dir,
        targetConfig: db.target,
        adapter: db.adapter(),
        threads: 1,
        select: ['plain_view'],
      });
      expect(summary.results.map((r) => [r.node.name, r.status, r.error?.message])).toEqual([
        ['plain_view', 'success', undefined],
      ]);
    } finally {
      rmSync(override);
      rmSync(join(dir, 'models', 'plain_view.sql'));
    }
  });
});
