/**
 * A Jinja error inside a YAML property stops the command at parse: exit 2,
 * the YAML file and the property's line, no stack trace, nothing run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectFixture } from '../api/test-support/project-fixture.js';
import { fixtureProject, runCli } from './test-support/cli.js';

const SCHEMA = `version: 2

models:
  - name: stg_orders
    config:
      alias: "{{ 'stg_orders_' ~ target.name }}"
    columns:
      - name: order_id
        data_tests:
          - not_null:
              config:
                severity: "{{ var('severity_for_orders') }}"
`;

let project: ProjectFixture;
beforeAll(() => {
  project = fixtureProject('shop');
});
afterAll(() => project?.dispose());

describe('a Jinja error in a YAML property', () => {
  it.each([['run'], ['ls']])('tsmodel %s: exit 2 at the YAML line of the property', async (command) => {
    project.write('models/schema.yml', SCHEMA);
    const res = await runCli([command], { cwd: project.dir });
    expect(res.code, res.all).toBe(2);
    expect(res.stderr).toMatch(/^models\/schema\.yml:12(:\d+)?: config 'severity' .*severity_for_orders/m);
    expect(res.stderr).not.toMatch(/^\s+at .+[(:]/m);
    expect(res.all).not.toMatch(/TypeError|ReferenceError|Unhandled|node:internal/);
    // Stopped at parse: no database was even created.
    expect(existsSync(join(project.dir, '.tsmodel/db'))).toBe(false);
  });

  it('the same project passes once the variable is given', async () => {
    project.write('models/schema.yml', SCHEMA);
    const res = await runCli(['ls', '--vars', '{severity_for_orders: warn}'], { cwd: project.dir });
    expect(res.code, res.all).toBe(0);
    expect(res.stdout).toContain('not_null_stg_orders_order_id');
  });
});
