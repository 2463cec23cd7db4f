import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeEachDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';
import { watch, type WatchHandle } from './index.js';
import { WatchRecorder } from './test-support/watch-recorder.js';

const FILES: Record<string, string> = {
  'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
  'models/orders.sql': 'select order_id, cents from (values (1, 1000), (2, 2550)) as t(order_id, cents)\n',
  'models/order_totals.sql': "select count(*)::int as n, sum(cents)::int as total from {{ ref('orders') }}\n",
  'models/order_ids.sql': "select order_id from {{ ref('orders') }}\n",
};

describeEachDatabase('build --watch --watch-columns on %s', (kind) => {
  let db: TestDatabase;
  let project: ProjectFixture;
  let handle: WatchHandle;
  const rec = new WatchRecorder();
  const lines = () => rec.events.flatMap((e) => (e.type === 'log' && e.level === 'info' ? [e.message] : []));

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    project = projectFixture(FILES);
    handle = await watch({
      projectDir: project.dir,
      targetConfig: db.target,
      adapter: db.adapter(),
      command: 'build',
      events: rec,
      debounceMs: 60,
      columns: true,
    });
  });
  afterAll(async () => {
    await handle?.stop();
    await db.dispose();
    project.dispose();
  });

  it('names the downstream columns a changed model feeds', async () => {
    await rec.until(0);
    const from = rec.count;
    writeFileSync(join(project.dir, 'models/orders.sql'), FILES['models/orders.sql']!.replace('2550', '2551'));
    const summary = await rec.until(from);
    expect(summary.outcome).toBe('built');
    const line = lines().find((l) => l.startsWith('columns downstream of orders:'));
    expect(line).toBeDefined();
    expect(line).toContain('order_totals.total');
    expect(line).toContain('order_ids.order_id');
    expect(line).not.toContain('orders.cents');
  });
});
