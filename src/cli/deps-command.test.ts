/** `tsmodel deps` end to end: what it prints, exit codes, and a project then built with the package on the embedded database. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, tempDir } from '../packages/test-support/package-sources.js';
import { runCli } from './test-support/cli.js';

describe('tsmodel deps', () => {
  const tmp = tempDir();
  let dir: string;
  beforeAll(() => {
    copyFixture('shop_utils', join(tmp.dir, 'shop_utils'));
    dir = copyFixture('shop', join(tmp.dir, 'shop'), { 'packages.yml': 'packages:\n  - local: ../shop_utils\n' });
  });
  afterAll(() => tmp.dispose());
  const cli = (...args: string[]) => runCli(args, { cwd: dir });

  it('installs, then build uses the package', async () => {
    const first = await cli('deps');
    expect(first.code, first.all).toBe(0);
    expect(first.stdout).toContain('Installed shop_utils from local: ../shop_utils');
    expect(first.stdout).toContain('1 package in dbt_packages/; package-lock.yml written');
    const again = await cli('deps');
    expect(again.stdout).toContain('(as package-lock.yml says)');
    const build = await cli('build');
    expect(build.code, build.all).toBe(0);
    expect(build.stdout).toMatch(/OK created view main_pkg\.shop_calendar/);
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8'));
    expect(manifest.macros['macro.shop_utils.shop_money']).toMatchObject({
      package_name: 'shop_utils',
      original_file_path: 'dbt_packages/shop_utils/macros/money.sql',
    });
    expect(manifest.nodes['model.shop_utils.shop_calendar']).toMatchObject({ package_name: 'shop_utils' });
  });

  it('bad input: one line naming the entry, exit 2', async () => {
    const bad = copyFixture('shop', join(tmp.dir, 'bad'), { 'packages.yml': 'packages:\n  - local: ../missing\n' });
    const res = await runCli(['deps'], { cwd: bad });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/packages\.yml:2:5: .*local: \.\.\/missing: the folder .*missing does not exist/);
  });
});
