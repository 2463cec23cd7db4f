import type { TestDatabase } from '../../adapters/test-support/test-databases.js';
import { snapshot } from '../run.js';
import type { ProjectFixture } from './project-fixture.js';

/** What snapshot tests do to their database: query it, run SQL, and take a snapshot at a given snapshot_time. */
export function snapshotCalls(db: TestDatabase, project: ProjectFixture) {
  return {
    q: async (sql: string) => (await db.adapter().query(sql)).rows,
    exec: (sql: string) => db.adapter().query(sql),
    take: (time: string) =>
      snapshot({
        projectDir: project.dir,
        targetConfig: db.target,
        adapter: db.adapter(),
        vars: { snapshot_time: time },
      }),
  };
}
