import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  type TestDatabase,
  describeEachDatabase,
} from '../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from './test-support/project-fixture.js';
import { run } from './run.js';

/**
 * What the log line of each node says it did ("[CREATE in 0.02s]", was "[DROP in …]" on a rebuild): the tag of
 * the statement that built it.
 */
describeEachDatabase('the command tag reported for a rebuild on %s', (kind) => {
  let db: TestDatabase;
  let project: ProjectFixture;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    project = projectFixture({
      'project.yml': 'name: shop\n',
      'models/base.sql': "{{ config(materialized='table') }}\nselect 1 as id union all select 2",
      'models/v.sql': "select id from {{ ref('base') }}",
      'models/mv.sql': "{{ config(materialized='materialized_view') }}\nselect id from {{ ref('base') }}",
    });
  });
  afterAll(async () => {
    await db.dispose();
    project.dispose();
  });

  it('is the CREATE, not the DROP of the old version that follows it', async () => {
    const tags = async () => {
      const summary = await run({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() });
      expect(summary.success).toBe(true);
      // run_results.json's adapter_response holds what the console line shows in brackets.
      const results = JSON.parse(readFileSync(join(project.dir, 'target/run_results.json'), 'utf8')) as {
        results: { unique_id: string; adapter_response: { _message?: string } }[];
      };
      return Object.fromEntries(
        results.results.map((r) => [r.unique_id.split('.').pop(), r.adapter_response._message]),
      );
    };
    const expected = { base: 'SELECT 2', v: 'CREATE', mv: 'SELECT 2' };
    expect(await tags()).toEqual(expected); // first build
    expect(await tags()).toEqual(expected); // rebuild: the old relations are dropped after the new ones are made
  });
});
