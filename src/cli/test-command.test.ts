/** `tsmodel test` and `tsmodel build` with data tests, end to end on the embedded database: output and exit codes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';
import { jsonLines, runCli } from './test-support/cli.js';

const FILES: Record<string, string> = {
  'project.yml': 'name: shop\nquality:\n  min_score: 50\n',
  'models/people.sql': `select * from (values (1, 'a'), (2, null), (3, 'c'), (4, 'd')) as t(id, email)`,
  'models/schema.yml': `version: 2
models:
  - name: people
    columns:
      - name: id
        data_tests: [unique, not_null]
      - name: email
        data_tests:
          - not_null: {config: {severity: warn}}
`,
};

describe('tsmodel test', () => {
  let project: ProjectFixture;
  const cli = (...args: string[]) => runCli(args, { cwd: project.dir });
  beforeAll(() => {
    project = projectFixture(FILES);
  });
  afterAll(() => project.dispose());

  it('build runs the model then its tests; a warning keeps exit 0; the log ends with the score table', async () => {
    const res = await cli('build');
    expect(res.code, res.all).toBe(0);
    expect(res.stdout).toMatch(/WARN test not_null_people_email .*\[WARN 1 in/);
    expect(res.stdout).toContain('Got 1 failing row of 4 evaluated, configured to warn if != 0');
    const tail = res.stdout.trimEnd().split('\n').slice(-5);
    expect(tail[0]).toBe('Quality score  93.75 / 100  (min 50: ok)');
    expect(tail[4]).toBe('  report: target/quality_report.json');
  });

  it('exits 1 below quality.min_score, and 2 on a bad quality section', async () => {
    project.write('project.yml', 'name: shop\nquality:\n  min_score: 95\n');
    const below = await cli('test', '--log-format', 'json');
    expect(below.code, below.all).toBe(1);
    const quality = jsonLines(below.stdout).find((e) => e.event === 'quality')!;
    expect(quality, below.all).toMatchObject({ level: 'error', score: 93.75, min_score: 95, passed: false });
    project.write('project.yml', 'name: shop\nquality:\n  min_score: lots\n');
    const bad = await cli('test');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('quality: min_score must be a number from 0 to 100, got "lots"');
  });

  it('exits 1 when an error-severity test fails, naming its YAML line', async () => {
    project.write('project.yml', 'name: shop\n');
    project.write('models/schema.yml', FILES['models/schema.yml']!.replace('severity: warn', 'severity: error'));
    const res = await cli('test', '--select', 'people');
    expect(res.code).toBe(1);
    expect(res.stdout, res.all).toContain('test not_null_people_email (models/schema.yml:9)');
  });
});
