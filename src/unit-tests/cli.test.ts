import { afterAll, describe, expect, it } from 'vitest';
import { projectFixture } from '../api/test-support/project-fixture.js';
import { runCli } from '../cli/test-support/cli.js';
import { SHOP_FILES } from './test-support/shop.js';

describe('tsmodel test --select test_type:unit', () => {
  const project = projectFixture({
    ...SHOP_FILES,
    'project.yml': `profile: shop\n${SHOP_FILES['project.yml']}`,
    // Nothing listens on port 9: the target is unreachable, as in CI without a warehouse.
    'profiles.yml':
      'shop:\n  target: pg\n  outputs:\n    pg: {type: postgres, host: 127.0.0.1, port: 9, user: nobody, ' +
      'dbname: none, schema: main, retries: 0}\n',
  });
  afterAll(() => project.dispose());

  it('runs on the embedded database when the target is unreachable, and says so', async () => {
    const r = await runCli(['test', '--select', 'test_type:unit', '--exclude', 'tag:failing'], { cwd: project.dir });
    expect(r.all).toContain("6 unit tests run on the embedded database (in memory): target 'pg' is unreachable");
    expect(r.all).toContain('PASS=6');
    expect(r.code).toBe(0);
  });

  it('prints the diff table of a failing unit test and exits 1', async () => {
    const r = await runCli(['test', '--select', 'tag:failing'], { cwd: project.dir, env: { NO_COLOR: '1' } });
    expect(r.code).toBe(1);
    expect(r.all).toContain('unit test of customer_totals: 2 expected rows missing, 2 unexpected rows returned');
    expect(r.all).toContain('  - | bob      | 20    | 1');
    expect(r.all).toContain('  + | bob      | «2»   | 1');
  });

  it('ls --resource-type unit_test lists them', async () => {
    const r = await runCli(['ls', '--resource-type', 'unit_test', '--output', 'name'], { cwd: project.dir });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').sort()).toEqual([
      'events_with_overridden_env_and_macro',
      'incremental_reads_only_new_rows',
      'stg_orders_lowercases_and_drops_refunds',
      'totals_from_csv',
      'totals_from_fixture_files',
      'totals_vip_threshold_override',
      'totals_wrong_on_purpose',
    ]);
  });
});
