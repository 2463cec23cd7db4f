import { it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createTestDatabase } from '../src/adapters/test-support/test-databases.js';
import { projectFixture } from '../src/api/test-support/project-fixture.js';
import { build } from '../src/api/run.js';
import { CRAFTED_FILES } from '../src/data-tests/test-support/crafted-project.js';
it('child', async () => {
  const db = await createTestDatabase('pglite');
  const p = projectFixture(CRAFTED_FILES);
  await build({ projectDir: p.dir, targetConfig: db.target, adapter: db.adapter() });
  await db.adapter().close();
  for (const batchTests of [true, false]) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/child/api.ts', JSON.stringify({ command: 'test', projectDir: p.dir, target: db.target, batchTests })], { encoding: 'utf8' });
    console.log(out.slice(-400));
  }
  await db.dispose();
});
