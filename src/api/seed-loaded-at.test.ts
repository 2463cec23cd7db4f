import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  type TestDatabase,
  describeEachDatabase,
} from '../adapters/test-support/test-databases.js';
import { formatError } from '../errors/index.js';
import { projectFixture, type ProjectFixture } from './test-support/project-fixture.js';
import { seed } from './run.js';

/** A CSV that brings its own loaded_at, the name of the column tsmodel adds to every seed table. */
const EVENTS = 'id,loaded_at\n1,2024-01-01 10:00:00\n2,2024-01-02 11:00:00\n';

describeEachDatabase('a seed with its own loaded_at column on %s', (kind) => {
  let db: TestDatabase;
  let project: ProjectFixture;
  const q = async (sql: string) => (await db.adapter().query(sql)).rows;
  const load = () => seed({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() });
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    project = projectFixture({ 'project.yml': 'name: shop\n', 'seeds/events.csv': EVENTS });
  });
  afterAll(async () => {
    await db.dispose();
    project.dispose();
  });

  it('is refused with the CSV, its line and the column named, and nothing created', async () => {
    const summary = await load();
    expect(summary.success).toBe(false);
    const err = summary.results[0]!.error!;
    expect(err.location).toEqual({ file: 'seeds/events.csv', line: 1 });
    expect(formatError(err)).toMatch(
      /seeds\/events\.csv has a column named loaded_at, the column tsmodel adds to every seed table[\s\S]*loaded_at_column/,
    );
    expect(await q(`select count(*)::int as n from pg_class where relname = 'events'`)).toEqual([{ n: 0 }]);
  });

  it('loads with loaded_at_column naming the audit column something else, and reloads', async () => {
    project.write(
      'project.yml',
      'name: shop\nseeds:\n  shop:\n    events:\n      +loaded_at_column: tsmodel_loaded_at\n',
    );
    for (let i = 0; i < 2; i++) {
      const summary = await load();
      expect(summary.results.map((r) => [r.status, r.message])).toEqual([['success', expect.any(String)]]);
      expect(
        await q(
          `select id, to_char(loaded_at, 'YYYY-MM-DD') as own, tsmodel_loaded_at is not null as audited from main.events order by id`,
        ),
      ).toEqual([
        { id: 1, own: '2024-01-01', audited: true },
        { id: 2, own: '2024-01-02', audited: true },
      ]);
    }
  });

  it('loads the CSV as it is with loaded_at_column: false (a dbt project comparing seeds), and reloads', async () => {
    project.write('project.yml', 'name: shop\nseeds:\n  shop:\n    events:\n      +loaded_at_column: false\n');
    // The table of the test before has the other audit column: a full refresh drops it, a reload keeps the shape.
    for (const fullRefresh of [true, false]) {
      const summary = await seed({
        projectDir: project.dir,
        targetConfig: db.target,
        adapter: db.adapter(),
        fullRefresh,
      });
      expect(summary.results.map((r) => [r.status, r.message])).toEqual([['success', expect.any(String)]]);
    }
    expect(
      await q(
        `select column_name from information_schema.columns where table_name = 'events' order by ordinal_position`,
      ),
    ).toEqual([{ column_name: 'id' }, { column_name: 'loaded_at' }]);
  });
});
