import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../adapters/test-support/test-databases.js';
import { ConsoleReporter } from '../events/index.js';
import { projectFixture, type ProjectFixture } from './test-support/project-fixture.js';
import { build } from './run.js';
import { test as runTests } from './test.js';

const project = (minScore: number) => `name: shop
models:
  shop:
    production:
      +materialized: table
quality:
  min_score: ${minScore}
  layers:
    staging: {min_score: 50}
    production: {min_score: 100}
`;

/** staging: 10 rows, 2 NULL emails, id 9 twice; production: the 7 clean rows. */
const FILES: Record<string, string> = {
  'project.yml': project(90),
  'models/staging/stg_people.sql':
    "select * from (values (1, 'a'), (2, 'b'), (3, null), (4, 'd'), (5, null), " +
    "(6, 'f'), (7, 'g'), (8, 'h'), (9, 'i'), (9, 'i2')) as t(id, email)",
  'models/production/people.sql':
    'select distinct on (id) id, email ' +
    "from {{ ref('stg_people') }} " +
    'where email is not null order by id, email',
  'models/schema.yml': `version: 2
models:
  - name: stg_people
    config: {tags: [staging]}
    columns:
      - name: id
        data_tests: [{unique: {config: {severity: warn}}}]
      - name: email
        data_tests: [{not_null: {config: {severity: warn}}}]
  - name: people
    columns:
      - name: id
        data_tests: [unique]
      - name: email
        data_tests: [not_null]
`,
};

describe('the quality score of a build', () => {
  let db: TestDatabase;
  let fixture: ProjectFixture;
  const opts = () => ({ projectDir: fixture.dir, targetConfig: db.target, adapter: db.adapter() });
  beforeAll(async () => {
    db = await createTestDatabase('pglite');
    fixture = projectFixture(FILES);
  });
  afterAll(async () => {
    await db.dispose();
    fixture.dispose();
  });

  it('scores per dimension, layer, model and test in target/quality_report.json, and ends the log with a table', async () => {
    const lines: string[] = [];
    const summary = await build({
      ...opts(),
      events: new ConsoleReporter({ write: (l) => lines.push(l), color: false }),
    });
    expect(summary.success).toBe(true);
    const report = JSON.parse(readFileSync(join(fixture.dir, 'target/quality_report.json'), 'utf8'));
    expect(report).toEqual(summary.quality);
    expect(report.run_id).toBe(summary.runId);
    expect(report.metadata.schema_version).toBe('https://tsmodel.dev/schemas/quality-report/v1.json');
    // completeness 2 of 17 rows, uniqueness 1 of 17: (88.235… + 94.117…) / 2
    expect(report.overall).toEqual({ score: 91.18, min_score: 90, passed: true });
    expect(report.dimensions).toEqual({
      completeness: { score: 88.24, tests: 2, failures: 2, evaluated: 17 },
      uniqueness: { score: 94.12, tests: 2, failures: 1, evaluated: 17 },
    });
    expect(report.layers.staging).toMatchObject({ score: 85, min_score: 50, passed: true });
    expect(report.layers.production).toMatchObject({ score: 100, min_score: 100, passed: true });
    expect(report.models['model.shop.stg_people']).toMatchObject({ name: 'stg_people', layer: 'staging', score: 85 });
    const nn = report.tests.find((t: { name: string }) => t.name === 'not_null_stg_people_email');
    expect(nn).toMatchObject({
      status: 'warn',
      severity: 'warn',
      dimension: 'completeness',
      failures: 2,
      evaluated: 10,
      score: 80,
      layer: 'staging',
      column: 'email',
    });
    expect(nn.sample_failing_rows).toEqual([
      { id: 3, email: null },
      { id: 5, email: null },
    ]);
    expect(lines.slice(-6)).toEqual([
      'Quality score  91.18 / 100  (min 90: ok)',
      '  completeness            88.24     2 tests  2 of 17 rows failing',
      '  uniqueness              94.12     2 tests  1 of 17 rows failing',
      '  layer production       100.00  min 100: ok',
      '  layer staging           85.00  min 50: ok',
      '  report: target/quality_report.json',
    ]);
  });

  it('a score below quality.min_score fails tsmodel test', async () => {
    fixture.write('project.yml', project(95));
    const summary = await runTests(opts());
    expect(summary.results.every((r) => r.status === 'pass' || r.status === 'warn')).toBe(true);
    expect(summary.success).toBe(false);
    expect(summary.quality!.overall).toEqual({ score: 91.18, min_score: 95, passed: false });
  });

  it('selecting a layer scores that layer', async () => {
    fixture.write('project.yml', project(95));
    const summary = await runTests({ ...opts(), select: ['production'] });
    expect(summary.success).toBe(true);
    expect(summary.quality!.overall.score).toBe(100);
    expect(Object.keys(summary.quality!.layers)).toEqual(['production']);
  });
});
