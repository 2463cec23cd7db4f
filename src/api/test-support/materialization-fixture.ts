/**
 * The setup the materializations-*.test.ts files share: a fresh database of
 * `kind` and a project folder holding just project.yml, both made before
 * each test and removed after it, and helpers to run the project and read
 * the database.
 *
 *   describeEachDatabase('… on %s', (kind) => {
 *     const { db, project, build, rows } = materializationFixture(kind);
 *     it('…', async () => { project.write('models/m.sql', 'select 1 as id'); await build(); });
 *   });
 *
 * Call it inside a describe block: it registers beforeEach/afterEach there
 * (see databaseProject), so `db` and `project` can be destructured once.
 */
import type { TestDatabaseKind } from '../../adapters/test-support/test-databases.js';
import type { QueryResult } from '../../adapters/types.js';
import { run, type RunOptions } from '../run.js';
import { databaseProject, type DatabaseProject } from './database-project.js';

const PROJECT = `name: shop\nprofile: shop\n`;

/** The current test's database and project folder (project.yml: name and profile "shop"), and helpers. */
export interface MaterializationFixture extends DatabaseProject {
  /** run() on the project and the database. */
  build(opts?: RunOptions): ReturnType<typeof run>;
  rows(sql: string, params?: unknown[]): Promise<QueryResult['rows']>;
  exec(sql: string): Promise<QueryResult>;
  /** A relation's column names, in order. */
  columnsOf(rel: string): Promise<unknown[]>;
  /** Relations left behind by a build (names containing __tsmodel_). */
  leftovers(): Promise<unknown[]>;
}

export function materializationFixture(kind: TestDatabaseKind): MaterializationFixture {
  const { db, project } = databaseProject(kind, { 'project.yml': PROJECT });
  const rows = async (sql: string, params?: unknown[]) => (await db.adapter().query(sql, params)).rows;
  return {
    db,
    project,
    build: (opts: RunOptions = {}) =>
      run({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter(), ...opts }),
    rows,
    exec: (sql) => db.adapter().query(sql),
    columnsOf: async (rel) =>
      (
        await rows(
          `select attname::text as name from pg_attribute where attrelid = '${rel}'::regclass and attnum ` +
            '> 0 and not attisdropped order by attnum',
        )
      ).map((r) => r.name),
    leftovers: async () =>
      (await rows(`select relname::text as name from pg_class where position('__tsmodel_' in relname) > 0`)).map(
        (r) => r.name,
      ),
  };
}
