import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeEachDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';
import { run, type RunSummary } from '../api/run.js';
import { test as runTests } from '../api/test.js';

const SCHEMA = `version: 2
models:
  - name: people
    columns:
      - name: person_id
        data_tests:
          - not_nul
          - broken
          - unique
      - name: emial
        data_tests:
          - not_null
      - name: email
        data_tests:
          - not_null:
              config:
                warn_if: 'more than 3'
          - accepted_values: {values: [a@x]}
          - not_empty_string
`;

const FILES: Record<string, string> = {
  'project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
  'models/people.sql': `select * from (values (1, 'a@x'), (2, null)) as t(person_id, email)`,
  'macros/broken.sql': `{% test broken(model, column_name) %}
select * frm {{ model }}
{% endtest %}`,
  'models/schema.yml': SCHEMA,
};

describeEachDatabase('bad test declarations on %s', (kind) => {
  let db: TestDatabase;
  let project: ProjectFixture;
  let summary: RunSummary;
  const outcome = (name: string) => {
    const o = summary.results.find((r) => r.node.name === name)!;
    return {
      status: o.status,
      message: o.error?.message,
      at: o.error?.location ? `${o.error.location.file}:${o.error.location.line}` : undefined,
      hint: o.error?.hint,
    };
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    project = projectFixture(FILES);
    const opts = { projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() };
    expect((await run(opts)).success).toBe(true);
    summary = await runTests(opts);
  });
  afterAll(async () => {
    await db.dispose();
    project.dispose();
  });

  it('reports each problem at its line and still runs the other tests', () => {
    expect(summary.success).toBe(false);
    expect(summary.results.map((r) => [r.node.name, r.status]).sort()).toEqual([
      ['accepted_values_people_email__a_x', 'pass'],
      ['broken_people_person_id', 'error'],
      ['not_empty_string_people_email', 'pass'],
      ['not_nul_people_person_id', 'error'],
      ['not_null_people_email', 'error'],
      ['not_null_people_emial', 'error'],
      ['unique_people_person_id', 'pass'],
    ]);
  });

  it('an unknown test name suggests the nearest one', () => {
    expect(outcome('not_nul_people_person_id')).toEqual({
      status: 'error',
      message: "unknown test 'not_nul'",
      at: 'models/schema.yml:7',
      hint: "Did you mean 'not_null'?",
    });
  });

  it('a test on a missing column points at its declaration and names the columns there are', () => {
    const o = outcome('not_null_people_emial');
    expect(o.message).toMatch(/^test not_null_people_emial: column "emial" does not exist/);
    expect(o.at).toBe('models/schema.yml:12');
    expect(o.hint).toBe("Did you mean 'email'? main.people has columns: person_id, email.");
  });

  it('a malformed warn_if points at its line', () => {
    expect(outcome('not_null_people_email')).toEqual({
      status: 'error',
      message: "test 'not_null': warn_if 'more than 3' is not a condition on the failure count",
      at: 'models/schema.yml:17',
      hint: "Write a comparison and a number, e.g. warn_if: '>10' or warn_if: '!=0'.",
    });
  });

  it('a test macro rendering invalid SQL points at the compiled line and the macro', () => {
    const o = outcome('broken_people_person_id');
    expect(o.message).toMatch(/^test broken_people_person_id: syntax error at or near "frm"/);
    expect(o.at).toBe('target/compiled/shop/models/schema.yml/broken_people_person_id.sql:1');
    expect(o.hint).toContain(
      'The SQL comes from macro test_broken (macros/broken.sql:1); the test is declared at models/schema.yml:8.',
    );
  });
});
