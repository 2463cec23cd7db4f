import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { databaseProject } from '../api/test-support/database-project.js';
import { build, test } from '../api/index.js';
import { TsmodelErrors, type TsmodelError } from '../errors/index.js';
import { runCli } from '../cli/test-support/cli.js';

const BASE: Record<string, string> = {
  'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
  'seeds/raw_orders.csv': 'order_id,customer,amount\n1,ann,10.5\n',
  'seeds/raw_refunds.csv': 'order_id\n1\n',
  'models/orders.sql': `select order_id, customer, amount * 2 as doubled from {{ ref('raw_orders') }}`,
};

/** A unit test of `orders` whose given/expect parts are the arguments (YAML, indented for the entry). */
const unit = (given: string, expect = '        - {order_id: 1}') => `version: 2
unit_tests:
  - name: doubles
    model: orders
    given:
${given}
    expect:
      rows:
${expect}
`;

/** What a command stops with, one `file:line message` per problem. */
async function problems(run: () => Promise<unknown>): Promise<string[]> {
  try {
    await run();
  } catch (err) {
    const list: readonly TsmodelError[] = err instanceof TsmodelErrors ? err.errors : [err as TsmodelError];
    return list.map((e) => `${e.location?.file}:${e.location?.line} ${e.message}`);
  }
  throw new Error('the command did not stop');
}

describeEachDatabase('bad unit test input on %s', (kind) => {
  const { db, project } = databaseProject(kind, BASE);
  const go = (yaml: string) => {
    project.write('models/unit.yml', yaml);
    return problems(() =>
      test({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter(), select: ['test_type:unit'] }),
    );
  };

  it('an input that is not a parent of the model', async () => {
    const out = await go(unit(`      - input: ref('raw_refunds')\n        rows: [{order_id: 1}]`));
    expect(out).toEqual([
      "models/unit.yml:6 unit test 'doubles': input ref('raw_refunds') is not a parent of model 'orders'",
    ]);
  });

  it('a column the input does not have, and one the model does not return', async () => {
    expect(
      await go(unit(`      - input: ref('raw_orders')\n        rows:\n          - {order_id: 1, custmer: ann}`)),
    ).toEqual([
      "models/unit.yml:8 unit test 'doubles', input ref('raw_orders'): column 'custmer' does not exist " +
        "in ref('raw_orders') (columns from the seed file)",
    ]);
    expect(
      await go(
        unit(`      - input: ref('raw_orders')\n        rows: [{order_id: 1}]`, '        - {order_id: 1, amount: 2}'),
      ),
    ).toEqual(["models/unit.yml:10 unit test 'doubles', expect: column 'amount' does not exist in model 'orders'"]);
  });

  it('a value that does not cast to the column type, in a given row and in an expected row', async () => {
    const given = await go(
      unit(
        `      - input: ref('raw_orders')\n        rows:\n          - {order_id: 1}\n          - {order_id: 2, amount: lots}`,
      ),
    );
    expect(given).toHaveLength(1);
    expect(given[0]).toMatch(
      new RegExp(
        /^models\/unit\.yml:9 unit test 'doubles', input ref\('raw_orders'\): /.source +
          /value 'lots' of column amount is not a valid numeric \(invalid input syntax/.source,
      ),
    );
    const expected = await go(
      unit(
        `      - input: ref('raw_orders')\n        rows: [{order_id: 1}]`,
        '        - {order_id: 1}\n        - {order_id: one}',
      ),
    );
    expect(expected[0]).toMatch(
      /^models\/unit\.yml:11 unit test 'doubles', expect: value 'one' of column order_id is not a valid integer/,
    );
  });

  it('a malformed CSV fixture file', async () => {
    project.write('tests/fixtures/orders_in.csv', 'order_id,customer\n1,ann\n2,bob,extra\n');
    const out = await go(unit(`      - input: ref('raw_orders')\n        format: csv\n        fixture: orders_in`));
    expect(out).toEqual([
      "tests/fixtures/orders_in.csv:3 unit test 'doubles', input ref('raw_orders') (fixture " +
        'tests/fixtures/orders_in.csv): CSV line has 3 fields, the header has 2',
    ]);
    project.write('tests/fixtures/orders_in.csv', 'order_id,customer\n1,"ann\n');
    expect(
      (await go(unit(`      - input: ref('raw_orders')\n        format: csv\n        fixture: orders_in`)))[0],
    ).toMatch(/^tests\/fixtures\/orders_in\.csv:1 .*a quoted CSV field is not closed$/);
  });

  it('stops build before anything runs: the database is left as it was', async () => {
    project.write('models/unit.yml', unit(`      - input: ref('raw_orders')\n        rows: [{order_id: x}]`));
    const out = await problems(() =>
      build({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() }),
    );
    expect(out).toHaveLength(1);
    // No seed loaded, not even the target's schema created.
    const schemas = await db.adapter().query(`select count(*)::int as n from pg_namespace where nspname = 'main'`);
    expect(schemas.rows[0]!.n).toBe(0);
  });
});

describe('the CLI on bad unit test input', () => {
  const { project } = databaseProject('pglite', BASE);
  it('exits 2 naming the YAML file and line', async () => {
    project.write(
      'models/unit.yml',
      unit(`      - input: ref('raw_orders')\n        rows:\n          - {order_id: 1, amount: lots}`),
    );
    const r = await runCli(['test', '--select', 'test_type:unit', '--unit-on', 'embedded'], { cwd: project.dir });
    expect(r.code).toBe(2);
    expect(r.all).toContain('models/unit.yml:8');
    expect(r.all).toContain("value 'lots' of column amount is not a valid numeric");
  });
});
