import { it } from 'vitest';
import { createTestDatabase } from '../src/adapters/test-support/test-databases.js';
import { projectFixture } from '../src/api/test-support/project-fixture.js';
import { build } from '../src/api/run.js';
import { ConsoleReporter } from '../src/events/index.js';
import { CRAFTED_FILES } from '../src/data-tests/test-support/crafted-project.js';
it('prints', async () => {
  const db = await createTestDatabase('pglite');
  const p = projectFixture({ ...CRAFTED_FILES, 'project.yml': CRAFTED_FILES['project.yml'] + 'quality:\n  min_score: 90\n  layers:\n    models: {min_score: 50}\n' });
  const lines: string[] = [];
  await build({ projectDir: p.dir, targetConfig: db.target, adapter: db.adapter(), events: new ConsoleReporter({ write: (l) => lines.push(l), color: false }) });
  console.log(lines.join('\n'));
  await db.dispose();
});
