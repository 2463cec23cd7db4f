import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { loadProject } from '../api/load.js';
import { build } from '../api/run.js';
import { databaseProject } from '../api/test-support/database-project.js';
import { projectFixture } from '../api/test-support/project-fixture.js';
import type { TargetConfig } from '../config/index.js';
import { TsmodelErrors, type TsmodelError } from '../errors/index.js';

/*
 * Jinja inside YAML, rendered where dbt renders it: test configs and
 * arguments, `config:` blocks, column data types of a contract, a source's
 * schema and identifier, folder configs of the project file — a value that is
 * one expression keeps its type ("{{ var('statuses') }}" is a list), hooks
 * wait for run time. The test databases' target is named 'test'.
 */

const PROJECT = `name: shop
vars:
  statuses: [placed, shipped]
  orders_table: raw_orders
models:
  shop:
    +post-hook: "select '{{ this }}' as hooked"
    extra:
      +enabled: "{{ var('with_extra', false) }}"
`;

const SCHEMA = `version: 2
sources:
  - name: landing
    schema: "{{ target.schema }}"
    tables:
      - name: orders
        identifier: "{{ var('orders_table') }}"
models:
  - name: stg_orders
    config:
      materialized: table
      contract: {enforced: "{{ target.name == 'test' }}"}
    columns:
      - name: order_id
        data_type: "{{ 'integer' if target.type in ['postgres', 'pglite'] else 'int' }}"
      - name: status
        data_type: "{{ 'text' }}"
        data_tests:
          - accepted_values:
              values: "{{ var('statuses') }}"
      - name: amount
        data_type: "{{ 'int' ~ 'eger' }}"
        data_tests:
          - not_null:
              config:
                severity: "{{ 'warn' if target.name == 'test' else 'error' }}"
`;

const TARGET: TargetConfig = {
  type: 'pglite',
  name: 'test',
  profileName: 'shop',
  schema: 'main',
  threads: 1,
  retries: 0,
  retryDelayMs: 0,
  path: 'memory://',
};

const FILES: Record<string, string> = {
  'project.yml': PROJECT,
  'seeds/raw_orders.csv': 'order_id,status,amount\n1,placed,10\n2,shipped,\n',
  'models/stg_orders.sql': `select order_id::integer as order_id, status::text as status, amount::integer as amount
from {{ source('landing', 'orders') }}`,
  'models/extra/experimental.sql': 'select 1 as x',
  'models/schema.yml': SCHEMA,
};

describeEachDatabase('Jinja in YAML properties on %s', (kind) => {
  const { db, project } = databaseProject(kind, FILES, 'all');

  it('renders test configs and arguments, contracts, sources and folder configs; hooks wait', async () => {
    const loaded = await loadProject({ projectDir: project.dir, targetConfig: db.target });
    const byName = new Map([...loaded.parsed.nodes, ...loaded.parsed.disabled].map((n) => [n.name, n]));
    const stg = byName.get('stg_orders')!;
    expect(stg.config.contract).toEqual({ enforced: true });
    expect(stg.config.post_hook).toEqual(["select '{{ this }}' as hooked"]);
    expect(Object.values(stg.columns).map((c) => c.data_type)).toEqual(['integer', 'text', 'integer']);
    expect(byName.get('experimental')!.config.enabled).toBe(false);
    const source = byName.get('orders')!;
    expect(source.relation).toEqual({ schema: 'main', identifier: 'raw_orders', database: undefined });
    expect(byName.get('not_null_stg_orders_amount')!.config.severity).toBe('warn');

    const go = (select?: string[]) =>
      build({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter(), threads: 1, select });
    // The source reads the seed's table: load it first.
    expect((await go(['raw_orders'])).success).toBe(true);
    const summary = await go();
    const status = Object.fromEntries(summary.results.map((r) => [r.node.name, r.status]));
    expect(status).toMatchObject({
      stg_orders: 'success',
      accepted_values_stg_orders_status___var_statuses_: 'pass',
      not_null_stg_orders_amount: 'warn',
    });
    const cols = await db
      .adapter()
      .query(
        `select column_name, data_type from information_schema.columns where table_schema = 'main' and ` +
          `table_name = 'stg_orders' order by ordinal_position`,
      );
    expect(cols.rows).toEqual([
      { column_name: 'order_id', data_type: 'integer' },
      { column_name: 'status', data_type: 'text' },
      { column_name: 'amount', data_type: 'integer' },
    ]);
  });
});

/** The parse errors of a project whose files are FILES with some replaced. */
async function parseErrors(files: Record<string, string>): Promise<TsmodelError[]> {
  const project = projectFixture({ ...FILES, ...files });
  try {
    await loadProject({ projectDir: project.dir, targetConfig: TARGET });
    return [];
  } catch (err) {
    if (err instanceof TsmodelErrors) return [...err.errors];
    throw err;
  } finally {
    project.dispose();
  }
}

describe('a Jinja error in a YAML property', () => {
  const cases: [string, string, string, RegExp][] = [
    [
      'a test config',
      `severity: "{{ 'warn' if target.name == 'test' else 'error' }}"`,
      'severity: "{{ var(\'no_such_level\') }}"',
      /config 'severity' .*no_such_level/,
    ],
    [
      'a config: block',
      `contract: {enforced: "{{ target.name == 'test' }}"}`,
      `alias: "{{ env_var('NO_SUCH_VAR') }}"`,
      /config 'alias' of model 'stg_orders': Environment variable 'NO_SUCH_VAR'/,
    ],
    ['a column data_type', `data_type: "{{ 'text' }}"`, 'data_type: "{{ 1 + }}"', /data_type of column 'status'/],
    [
      'a source identifier',
      `identifier: "{{ var('orders_table') }}"`,
      `identifier: "{{ var('no_such_var') }}"`,
      /identifier of source table 'orders': .*no_such_var/,
    ],
  ];
  it.each(cases)('%s: names the YAML file and the line of the property', async (_what, from, to, message) => {
    const schema = SCHEMA.replace(from, to);
    expect(schema).not.toBe(SCHEMA);
    const line = schema.split('\n').findIndex((l) => l.includes(to)) + 1;
    const errors = await parseErrors({ 'models/schema.yml': schema });
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(message)]);
    expect(errors[0]!.location).toMatchObject({ file: 'models/schema.yml', line });
  });

  it('a folder config of the project file: project.yml at the key that sets it, once for all its nodes', async () => {
    const project = PROJECT.replace("var('with_extra', false)", "var('with_extra')").replace(
      '  shop:\n',
      '  shop:\n    +alias: "{{ env_var(\'NO_SUCH_ALIAS\') }}"\n',
    );
    const lineOf = (text: string) => project.split('\n').findIndex((l) => l.includes(text)) + 1;
    const errors = await parseErrors({ 'project.yml': project });
    expect(errors.map((e) => [e.message, e.location])).toEqual([
      [
        expect.stringMatching(/^config 'alias' of model '\w+': Environment variable 'NO_SUCH_ALIAS' is not set/),
        expect.objectContaining({ file: 'project.yml', line: lineOf('+alias') }),
      ],
      [
        expect.stringMatching(/^config 'enabled' of model 'experimental': Required variable 'with_extra' is not set/),
        expect.objectContaining({ file: 'project.yml', line: lineOf('+enabled') }),
      ],
    ]);
  });

  it('a test folder config (data_tests: of the project file) is rendered too, and its error is at its line', async () => {
    const severity = (expr: string) => `${PROJECT}data_tests:\n  shop:\n    +severity: "${expr}"\n`;
    const ok = projectFixture({
      ...FILES,
      'project.yml': severity("{{ 'warn' if target.name == 'test' else 'error' }}"),
    });
    try {
      const loaded = await loadProject({ projectDir: ok.dir, targetConfig: TARGET });
      const test = loaded.parsed.nodes.find((n) => n.name.startsWith('accepted_values_'))!;
      expect(test.config.severity).toBe('warn');
    } finally {
      ok.dispose();
    }
    const text = severity("{{ var('no_such_severity') }}");
    const errors = await parseErrors({ 'project.yml': text });
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/config 'severity' .*no_such_severity/)]);
    expect(errors[0]!.location).toMatchObject({
      file: 'project.yml',
      line: text.split('\n').findIndex((l) => l.includes('+severity')) + 1,
    });
  });
});
