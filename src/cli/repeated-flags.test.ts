/** A flag given twice: the last value wins (a crash before: "value.trim is not a function"); list flags add up. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectFixture } from '../api/test-support/project-fixture.js';
import { fixtureProject, runCli } from './test-support/cli.js';

let project: ProjectFixture;
beforeAll(() => {
  project = fixtureProject('shop');
});
afterAll(() => project?.dispose());

describe('flags given twice', () => {
  it('--target: the last one is used', async () => {
    const res = await runCli(['debug', '--target', 'dev', '--target', 'unreachable'], { cwd: project.dir });
    expect(res.all).not.toMatch(/trim is not a function|TypeError/);
    expect(res.stdout).toMatch(/target:\n {2}name: unreachable\n/);
    const other = await runCli(['ls', '--target', 'unreachable', '--target', 'nope'], { cwd: project.dir });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("target 'nope' (from --target)");
  });

  it('other single-value flags too; --select and --resource-type keep every value', async () => {
    const res = await runCli(
      [
        'ls',
        '--output',
        'selector',
        '--output',
        'name',
        '--select',
        'stg_customers',
        '--select',
        'stg_orders',
        '--resource-type',
        'seed',
        '--resource-type',
        'model',
        '--project-dir',
        '/nonexistent',
        '--project-dir',
        project.dir,
      ],
      { cwd: project.dir },
    );
    expect(res.code, res.all).toBe(0);
    expect(res.stdout.trim().split('\n').sort()).toEqual(['stg_customers', 'stg_orders']);
  });
});
