/**
 * A fresh database of one kind and a throwaway project folder, made by
 * vitest hooks of the describe block that calls databaseProject(): before
 * each test (scope 'each', the default) or once for the block ('all');
 * removed after it.
 *
 *   describeEachDatabase('… on %s', (kind) => {
 *     const { db, project } = databaseProject(kind, { 'project.yml': 'name: shop\n' });
 *     it('…', async () => { await run({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() }) });
 *   });
 *
 * `db` and `project` stand for the current ones, so they can be destructured
 * at describe time; using them outside a test (or a hook after these) throws.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import {
  createTestDatabase,
  type TestDatabase,
  type TestDatabaseKind,
} from '../../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from './project-fixture.js';

export interface DatabaseProject {
  db: TestDatabase;
  project: ProjectFixture;
}

export function databaseProject(
  kind: TestDatabaseKind,
  files: Record<string, string>,
  scope: 'each' | 'all' = 'each',
): DatabaseProject {
  let current: DatabaseProject | undefined;
  const [before, after] = scope === 'each' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    current = { db: await createTestDatabase(kind), project: projectFixture(files) };
  });
  after(async () => {
    const done = current;
    current = undefined;
    await done?.db.dispose();
    done?.project.dispose();
  });
  const now = () => {
    if (!current) throw new Error('databaseProject: used outside a test');
    return current;
  };
  return {
    db: {
      get name() {
        return now().db.name;
      },
      get target() {
        return now().db.target;
      },
      adapter: () => now().db.adapter(),
      dispose: () => now().db.dispose(),
    },
    project: {
      get dir() {
        return now().project.dir;
      },
      write: (path, contents) => now().project.write(path, contents),
      remove: (path) => now().project.remove(path),
      dispose: () => now().project.dispose(),
    },
  };
}
