import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { MemorySink } from '../events/index.js';
import { databaseProject } from './test-support/database-project.js';
import { loadColumnLineage } from './column-lineage.js';
import { build, run } from './run.js';

/** customers.email flows into contacts and mailing (through a CTE and `select *`), not into order_totals. */
const FILES: Record<string, string> = {
  'project.yml': 'name: shop\n',
  'seeds/customers.csv': 'id,email,city\n1,a@x.org,Paris\n2,b@x.org,Lyon\n',
  'models/contacts.sql': "select id, lower(email) as email_address, city from {{ ref('customers') }}",
  'models/mailing.sql':
    "with c as (select * from {{ ref('contacts') }}) select email_address from c where city = 'Paris'",
  'models/order_totals.sql': "select id, count(*) as n from {{ ref('customers') }} group by id",
  'models/schema.yml': `version: 2
models:
  - name: mailing
    columns:
      - name: email_address
        data_tests: [not_null]
`,
};

describeEachDatabase('the column: selector builds what a column flows into, on %s', (kind) => {
  const { db, project } = databaseProject(kind, FILES);
  const opts = () => ({
    projectDir: project.dir,
    targetConfig: db.target,
    adapter: db.adapter(),
    events: new MemorySink(),
  });
  const built = (results: { node: { uniqueId: string } }[]) => results.map((r) => r.node.uniqueId).sort();

  beforeAll(loadColumnLineage);

  it('run -s column:customers.email+ builds the models computed from the email, and nothing else', async () => {
    await build({ ...opts(), select: ['resource_type:seed'] });
    const summary = await run({ ...opts(), select: ['column:customers.email+'] });
    expect(summary.success).toBe(true);
    expect(built(summary.results)).toEqual(['model.shop.contacts', 'model.shop.mailing']);
    const rows = (await db.adapter().query(`select email_address from ${db.target.schema}.mailing`)).rows;
    expect(rows).toEqual([{ email_address: 'a@x.org' }]);
  });

  it('build -s +column:mailing.email_address builds its upstream and runs its tests', async () => {
    const summary = await build({ ...opts(), select: ['+column:mailing.email_address'] });
    expect(summary.success).toBe(true);
    expect(built(summary.results)).toEqual([
      'model.shop.contacts',
      'model.shop.mailing',
      'seed.shop.customers',
      expect.stringMatching(/^test\.shop\.not_null_mailing_email_address/),
    ]);
  });
});
