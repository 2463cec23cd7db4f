/** The repository's own e-commerce project, copied to a temp folder and built, for the page tests and the screenshot script. */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  createTestDatabase,
  type TestDatabase,
  type TestDatabaseKind,
} from '../../adapters/test-support/test-databases.js';
import { build } from '../../api/run.js';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/** Where tests leave screenshots for people to look at (git-ignored). */
export function screenshotDir(): string {
  const dir = join(REPO_ROOT, 'target', 'browser-tests');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function copyExampleProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsmodel-pages-'));
  for (const f of ['project.yml', 'models', 'seeds', 'macros', 'analyses', 'tests', 'snapshots']) {
    try {
      cpSync(join(REPO_ROOT, f), join(dir, f), { recursive: true });
    } catch {
      // a folder the project does not have
    }
  }
  return dir;
}

export interface BuiltExample {
  dir: string;
  db: TestDatabase;
  /** Seeds, models and snapshots that did not succeed, as "name: message" (expected empty; data tests may fail on purpose). */
  failures: string[];
  dispose(): Promise<void>;
}

/** Copies the example project and runs `build` on a fresh database of that kind. */
export async function buildExample(kind: TestDatabaseKind = 'pglite'): Promise<BuiltExample> {
  const dir = copyExampleProject();
  const db = await createTestDatabase(kind);
  const summary = await build({ projectDir: dir, targetConfig: db.target, adapter: db.adapter() });
  const failures = summary.results
    // Unit tests pass (or fail) like models succeed; data tests are judged by the quality report.
    .filter((r) => r.node.resourceType !== 'test' && r.status !== 'success' && r.status !== 'pass')
    .map((r) => `${r.node.name}: ${r.message}`);
  return {
    dir,
    db,
    failures,
    dispose: async () => {
      await db.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
