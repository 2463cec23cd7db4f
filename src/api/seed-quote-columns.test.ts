import { expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { MemorySink } from '../events/index.js';
import { databaseProject } from './test-support/database-project.js';
import { build, seed } from './run.js';

const FILES: Record<string, string> = {
  'project.yml': 'name: shop\nseeds:\n  shop:\n    folded:\n      +quote_columns: false\n',
  'seeds/folded.csv': 'CustomerID,First_Name,amountUSD\n1,Ana,10\n2,Bo,5\n',
  'seeds/kept.csv': 'CustomerID,First_Name\n1,Ana\n',
  'models/totals.sql': 'select customerid, amountusd from {{ ref("folded") }}',
  'seeds/schema.yml': `version: 2
seeds:
  - name: folded
    config:
      column_types: {CustomerID: bigint}
    columns:
      - name: customerid
        data_tests: [unique, not_null]
`,
};

describeEachDatabase('seed quote_columns on %s', (kind) => {
  const { db, project } = databaseProject(kind, FILES);
  const columns = async (table: string) =>
    (
      await db
        .adapter()
        .query(
          `select column_name, data_type from information_schema.columns where table_schema = 'main' and ` +
            `table_name = '${table}' order by ordinal_position`,
        )
    ).rows.map((r) => `${String(r.column_name)} ${String(r.data_type)}`);

  it('quote_columns: false folds the header as PostgreSQL folds unquoted names; a model reads them unquoted', async () => {
    const summary = await build({
      projectDir: project.dir,
      targetConfig: db.target,
      adapter: db.adapter(),
      events: new MemorySink(),
    });
    expect(summary.results.map((r) => [r.node.name, r.status]).sort()).toEqual([
      ['folded', 'success'],
      ['kept', 'success'],
      ['not_null_folded_customerid', 'pass'],
      ['totals', 'success'],
      ['unique_folded_customerid', 'pass'],
    ]);
    expect(await columns('folded')).toEqual([
      'customerid bigint', // column_types written with the CSV's spelling still applies
      'first_name text',
      'amountusd integer',
      'loaded_at timestamp with time zone',
    ]);
    // Without the config, names are kept as written (quoted).
    expect(await columns('kept')).toEqual([
      'CustomerID integer',
      'First_Name text',
      'loaded_at timestamp with time zone',
    ]);
  });

  it('a header name that would need quotes, or two names equal once folded, is an error naming them', async () => {
    project.write('seeds/folded.csv', 'CustomerID,First Name\n1,Ana\n');
    let summary = await seed({
      projectDir: project.dir,
      targetConfig: db.target,
      adapter: db.adapter(),
      select: ['folded'],
    });
    expect(summary.results[0]!.status).toBe('error');
    expect(summary.results[0]!.message).toMatch(
      /seeds\/folded\.csv: column 2 of the header, 'First Name', is not a name PostgreSQL reads unquoted/,
    );
    project.write('seeds/folded.csv', 'ID,id\n1,2\n');
    summary = await seed({
      projectDir: project.dir,
      targetConfig: db.target,
      adapter: db.adapter(),
      select: ['folded'],
    });
    expect(summary.results[0]!.message).toMatch(/names column 'id' twice: 'ID' and 'id' are the same name unquoted/);
    expect(await columns('folded')).toEqual([]); // nothing was created
  });
});
