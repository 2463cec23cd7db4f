import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  type TestDatabase,
  describeEachDatabase,
} from '../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';
import { loadProject } from '../api/load.js';
import { watch, type WatchHandle } from '../watch/index.js';
import { buildDocsData } from '../docs/data.js';
import { WatchRecorder } from '../watch/test-support/watch-recorder.js';

const FILES: Record<string, string> = {
  'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
  'seeds/raw.csv': 'id,amount\n1,10\n',
  'models/doubled.sql': "select id, amount * 2 as amount from {{ ref('raw') }}\n",
  'models/report.sql': "select sum(amount) as total from {{ ref('doubled') }}\n",
  'models/unit.yml': `version: 2
unit_tests:
  - name: doubles_amounts
    model: doubled
    given:
      - input: ref('raw')
        rows: [{id: 1, amount: 3}]
    expect:
      rows: [{id: 1, amount: 6}]
`,
};

describeEachDatabase('unit tests in build --watch on %s', (kind) => {
  let db: TestDatabase;
  let project: ProjectFixture;
  let handle: WatchHandle;
  const rec = new WatchRecorder();
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
    });
  });
  afterAll(async () => {
    await handle?.stop();
    await db.dispose();
    project.dispose();
  });

  it('rerun a model unit tests first when the model is edited, and skip the model when one fails', async () => {
    const first = await rec.until(0);
    expect(first.rebuilt).toContain('doubles_amounts');
    let from = rec.count;
    project.write('models/doubled.sql', "select id, amount * 3 as amount from {{ ref('raw') }}\n");
    const broken = await rec.until(from);
    expect(broken.rebuilt.slice(0, 1)).toEqual(['doubles_amounts']);
    expect(broken.counts).toMatchObject({ fail: 1, skipped: 2 });
    from = rec.count;
    project.write('models/unit.yml', FILES['models/unit.yml']!.replace('amount: 6', 'amount: 9'));
    const fixed = await rec.until(from);
    expect(fixed.rebuilt).toEqual(['doubles_amounts', 'doubled', 'report']);
    expect(fixed.counts).toMatchObject({ pass: 1, success: 2 });
  });
});

describe('unit tests on the docs site', () => {
  it('are listed with the model they test and kept out of the lineage graph', () => {
    const p = projectFixture(FILES);
    try {
      const project = loadProject({ projectDir: p.dir });
      const data = buildDocsData({
        graph: project.graph,
        project: { name: 'shop', adapterType: 'pglite', targetName: 'x', tsmodelVersion: '0' },
        generatedAt: new Date(0).toISOString(),
        compiled: new Map(),
      });
      const model = data.nodes.find((n) => n.name === 'doubled')!;
      expect(model.tests.map((t) => [t.name, t.testName])).toEqual([['doubles_amounts', 'unit']]);
      expect(data.nodes.find((n) => n.name === 'doubles_amounts')!.resourceType).toBe('test');
      expect(JSON.stringify(data.layout)).not.toContain('doubles_amounts');
      expect(JSON.stringify(data.layout)).toContain('doubled');
    } finally {
      p.dispose();
    }
  });
});
