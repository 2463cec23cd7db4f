import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import { EventBus } from '../events/index.js';
import { loadProject } from './load.js';
import { run } from './run.js';
import { projectFixture, type ProjectFixture } from './test-support/project-fixture.js';

/** The files this process has open (Linux: /proc/self/fd); empty where there is no /proc. */
function openFiles(): string[] {
  const dir = '/proc/self/fd';
  try {
    return readdirSync(dir).flatMap((fd) => {
      try {
        return [readlinkSync(join(dir, fd))];
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

describeEachDatabase('logs/pipeline.log across runs on %s', (kind) => {
  let db: TestDatabase;
  let project: ProjectFixture;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    project = projectFixture({
      'project.yml': 'name: shop\n',
      'models/a.sql': 'select 1 as id',
      'models/b.sql': `select id from {{ ref('a') }}`,
    });
  });
  afterAll(async () => {
    await db.dispose();
    project.dispose();
  });

  it('writes each event once when one loaded project runs again, and closes the file when a run ends', async () => {
    const loaded = loadProject({ projectDir: project.dir, targetConfig: db.target });
    for (let i = 0; i < 3; i++) {
      const summary = await run({ project: loaded, adapter: db.adapter() });
      expect(summary.success).toBe(true);
    }
    const path = join(project.dir, 'logs/pipeline.log');
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const events = lines.map((l) => (JSON.parse(l) as { event: string }).event);
    const count = (e: string) => events.filter((x) => x === e).length;
    // Three runs of two models: one run-start and one run-end per run, not 1 + 2 + 3.
    expect(count('run-start')).toBe(3);
    expect(count('run-end')).toBe(3);
    expect(count('node-end')).toBe(6);
    expect(openFiles()).not.toContain(path);
  });

  it('writes each event once when runs share one event bus (an API caller passing its own EventBus)', async () => {
    const events = new EventBus();
    const path = join(project.dir, 'logs/pipeline.log');
    const before = readFileSync(path, 'utf8').length;
    for (let i = 0; i < 2; i++)
      await run({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter(), events });
    const lines = readFileSync(path, 'utf8').slice(before).trim().split('\n');
    expect(lines.filter((l) => (JSON.parse(l) as { event: string }).event === 'run-start')).toHaveLength(2);
  });
});
