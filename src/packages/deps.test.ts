import { existsSync, lstatSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { deps } from '../api/deps.js';
import { TsmodelError } from '../errors/index.js';
import { hashEntries } from './spec.js';
import { bareRepo, copyFixture, startHub, tarball, tempDir, type TestHub } from './test-support/package-sources.js';

const ROOT_PROJECT = 'name: shop\nconfig-version: 2\n';

/** A project folder (`<tmp>/<name>`) next to a copy of the shop_utils package (`<tmp>/shop_utils`). */
function setup(tmp: string, name: string, packagesYml: string, files: Record<string, string> = {}): string {
  const dir = join(tmp, name);
  copyFixture('shop', dir, { 'dbt_project.yml': ROOT_PROJECT, 'packages.yml': packagesYml, ...files });
  return dir;
}

function lock(dir: string): { packages: Record<string, unknown>[]; sha1_hash: string } {
  return parse(readFileSync(join(dir, 'package-lock.yml'), 'utf8'));
}

async function failure(p: Promise<unknown>): Promise<TsmodelError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TsmodelError);
  return err as TsmodelError;
}

describe('tsmodel deps', () => {
  const tmp = tempDir();
  let hub: TestHub;
  const env = (): Record<string, string> => ({ DBT_PACKAGE_HUB_URL: hub.url });
  beforeAll(async () => {
    copyFixture('shop_utils', join(tmp.dir, 'shop_utils'));
    const reports = copyFixture('shop_utils', join(tmp.dir, 'reports_src'), {
      'dbt_project.yml': 'name: shop_reports\nversion: "0.3.0"\n',
      'packages.yml': 'packages:\n  - package: acme/shop_utils\n    version: [">=1.2.0"]\n',
    });
    const util = (v: string) => tarball(join(tmp.dir, 'shop_utils'), `shop-utils-${v}`, tmp.dir);
    hub = await startHub({
      'acme/shop_utils': {
        '1.0.0': { name: 'shop_utils', tarball: util('1.0.0') },
        '1.2.0': { name: 'shop_utils', tarball: util('1.2.0') },
        '1.3.0-rc1': { name: 'shop_utils', tarball: util('1.3.0-rc1') },
        '2.0.0': { name: 'shop_utils', tarball: util('2.0.0') },
      },
      'acme/shop_reports': { '0.3.0': { name: 'shop_reports', tarball: tarball(reports, 'reports', tmp.dir) } },
    });
  });
  afterAll(async () => {
    await hub.close();
    tmp.dispose();
  });

  it("computes package-lock.yml's sha1_hash as dbt does (dbt-utils' own lock for `local: ../`)", () => {
    expect(hashEntries([{ local: '../' }])).toBe('de2deba3d66ce03d8c02949013650cc9b94f6030');
    expect(hashEntries([{ local: '../' }])).not.toBe(hashEntries([{ local: '../x' }]));
  });

  it('local: links the folder into dbt_packages/<name> and writes the lock; a second deps follows it', async () => {
    const dir = setup(tmp.dir, 'local', 'packages:\n  - local: ../shop_utils\n');
    const first = await deps({ projectDir: dir, env: env() });
    expect(first.mode).toBe('resolved');
    expect(first.packages.map((p) => [p.name, p.entry])).toEqual([['shop_utils', 'local: ../shop_utils']]);
    const installed = join(dir, 'dbt_packages', 'shop_utils');
    expect(lstatSync(installed).isSymbolicLink()).toBe(true);
    expect(existsSync(join(installed, 'models', 'shop_calendar.sql'))).toBe(true);
    expect(lock(dir)).toEqual({
      packages: [{ local: '../shop_utils' }],
      sha1_hash: hashEntries([{ local: '../shop_utils' }]),
    });
    const second = await deps({ projectDir: dir, env: env() });
    expect(second.mode).toBe('lock');
    expect(readdirSync(dir).filter((f) => f.startsWith('.tsmodel-deps') || f.includes('.old-'))).toEqual([]);
  });

  it('dependencies.yml works as packages.yml; its dbt Mesh projects: are a warning', async () => {
    const dir = join(tmp.dir, 'dependencies');
    copyFixture('shop', dir, {
      'dbt_project.yml': ROOT_PROJECT,
      'dependencies.yml': 'packages:\n  - local: ../shop_utils/\nprojects:\n  - name: upstream\n',
    });
    const result = await deps({ projectDir: dir, env: env() });
    expect(result.packages.map((p) => p.name)).toEqual(['shop_utils']);
    expect(lock(dir).packages).toEqual([{ local: '../shop_utils/' }]);
    expect(result.warnings.map((w) => [w.location?.file, w.location?.line, w.message])).toEqual([
      [
        'dependencies.yml',
        3,
        "'projects' in dependencies.yml is not supported by tsmodel (dbt Mesh cross-project refs); it is ignored",
      ],
    ]);
  });

  it('git: clones a tag in a subdirectory, locks the commit, and reinstalls it offline', async () => {
    const src = join(tmp.dir, 'git-src');
    const repo = bareRepo(join(tmp.dir, 'shop_utils'), src, { subdirectory: 'dbt/shop_utils' });
    const dir = setup(
      tmp.dir,
      'git',
      `packages:\n  - git: ${repo.url}\n    revision: v1.0\n    subdirectory: dbt/shop_utils\n`,
    );
    const first = await deps({ projectDir: dir, env: env() });
    expect(first.packages.map((p) => p.name)).toEqual(['shop_utils']);
    expect(lock(dir).packages).toEqual([{ git: repo.url, revision: repo.tagged, subdirectory: 'dbt/shop_utils' }]);
    const installed = join(dir, 'dbt_packages', 'shop_utils');
    expect(lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(existsSync(join(installed, 'dbt_project.yml'))).toBe(true);
    expect(existsSync(join(installed, '.git'))).toBe(false);
    // The repository goes away: the lock's commit is already installed, so deps needs no network.
    renameSync(repo.url, `${repo.url}.gone`);
    const second = await deps({ projectDir: dir, env: env() });
    expect(second.mode).toBe('lock');
    expect(second.packages.map((p) => [p.name, p.reused])).toEqual([['shop_utils', true]]);
    expect(existsSync(join(installed, 'models', 'shop_calendar.sql'))).toBe(true);
    renameSync(`${repo.url}.gone`, repo.url);
  });

  it('git: without a revision, the default branch, with a warning to pin it', async () => {
    const repo = bareRepo(join(tmp.dir, 'shop_utils'), join(tmp.dir, 'git-unpinned'));
    const dir = setup(tmp.dir, 'git-unpinned-project', `packages:\n  - git: ${repo.url}\n`);
    const result = await deps({ projectDir: dir, env: env() });
    expect(lock(dir).packages).toEqual([{ git: repo.url, revision: repo.tagged }]);
    expect(result.warnings.map((w) => [w.location?.line, w.message])).toEqual([
      [
        2,
        `git: ${repo.url} has no revision: it installs the newest commit of the default branch (pinned ` +
          'in package-lock.yml); give revision: a tag or a commit',
      ],
    ]);
  });

  it('git: an env_var() in the URL (a token) is rendered to clone but kept as written in the lock and messages', async () => {
    const repo = bareRepo(join(tmp.dir, 'shop_utils'), join(tmp.dir, 'git-secret'));
    const written = "{{ env_var('SHOP_REPO') }}";
    const dir = setup(tmp.dir, 'git-secret-project', `packages:\n  - git: "${written}"\n    revision: v1.0\n`);
    await deps({ projectDir: dir, env: { ...env(), SHOP_REPO: repo.url } });
    expect(lock(dir).packages).toEqual([{ git: written, revision: repo.tagged }]);
    expect(readFileSync(join(dir, 'package-lock.yml'), 'utf8')).not.toContain(repo.url);
    // From the lock: rendered again, and the installed commit is recognised (no clone).
    renameSync(repo.url, `${repo.url}.gone`);
    const again = await deps({ projectDir: dir, env: { ...env(), SHOP_REPO: repo.url } });
    expect(again.packages.map((p) => [p.reused, p.entry])).toEqual([[true, `git: ${written}@${repo.tagged}`]]);
    renameSync(`${repo.url}.gone`, repo.url);
    writeFileSync(join(dir, 'packages.yml'), `packages:\n  - git: "${written}"\n    revision: nowhere\n`);
    const err = await failure(deps({ projectDir: dir, env: { ...env(), SHOP_REPO: repo.url } }));
    expect(err.message).toBe(`git: ${written}@nowhere: revision 'nowhere' was not found in the repository`);
  });

  it('git: a branch revision installs its newest commit', async () => {
    const src = join(tmp.dir, 'git-branch');
    const repo = bareRepo(join(tmp.dir, 'shop_utils'), src, { changedFile: ['NEXT.md', 'on the branch\n'] });
    const dir = setup(tmp.dir, 'git-branch-project', `packages:\n  - git: "${repo.url}"\n    revision: next\n`);
    await deps({ projectDir: dir, env: env() });
    expect(lock(dir).packages).toEqual([{ git: repo.url, revision: repo.next }]);
    expect(readFileSync(join(dir, 'dbt_packages', 'shop_utils', 'NEXT.md'), 'utf8')).toBe('on the branch\n');
  });

  it('package: picks the newest release in range through the hub, follows its packages.yml, locks exact versions', async () => {
    const dir = setup(
      tmp.dir,
      'hub',
      'packages:\n  - package: acme/shop_utils\n    version: [">=1.0.0", "<2.0.0"]\n  - package: acme/shop_reports\n    version: 0.3.0\n',
    );
    const result = await deps({ projectDir: dir, env: env() });
    expect(result.packages.map((p) => [p.name, p.entry])).toEqual([
      ['shop_reports', 'package: acme/shop_reports@0.3.0'],
      ['shop_utils', 'package: acme/shop_utils@1.2.0'],
    ]);
    expect(lock(dir).packages).toEqual([
      { package: 'acme/shop_reports', version: '0.3.0' },
      { package: 'acme/shop_utils', version: '1.2.0' },
    ]);
    expect(readdirSync(join(dir, 'dbt_packages')).sort()).toEqual(['shop_reports', 'shop_utils']);
    // Installing again from the lock downloads nothing.
    const before = hub.requests.length;
    const again = await deps({ projectDir: dir, env: env() });
    expect(again.packages.every((p) => p.reused)).toBe(true);
    expect(hub.requests.length).toBe(before);
    // --upgrade resolves again (same answer here).
    const upgraded = await deps({ projectDir: dir, env: env(), upgrade: true });
    expect(upgraded.mode).toBe('resolved');
    expect(hub.requests.length).toBeGreaterThan(before);
  });

  it('tarball: downloads and unpacks a .tar.gz URL', async () => {
    const url = `${hub.url}tarballs/acme/shop_utils/1.0.0.tar.gz`;
    const dir = setup(tmp.dir, 'tarball', `packages:\n  - tarball: ${url}\n    name: shop_utils\n`);
    await deps({ projectDir: dir, env: env() });
    expect(lock(dir).packages).toEqual([{ tarball: url, name: 'shop_utils' }]);
    expect(existsSync(join(dir, 'dbt_packages', 'shop_utils', 'macros', 'money.sql'))).toBe(true);
  });

  describe('bad input: one line naming the entry, and the installed packages left as they were', () => {
    let dir: string;
    beforeAll(async () => {
      dir = setup(tmp.dir, 'bad', 'packages:\n  - local: ../shop_utils\n');
      await deps({ projectDir: dir, env: env() });
    });
    const attempt = async (packagesYml: string) => {
      writeFileSync(join(dir, 'packages.yml'), packagesYml);
      const err = await failure(deps({ projectDir: dir, env: env() }));
      expect(err.message).not.toContain('\n');
      expect(readdirSync(join(dir, 'dbt_packages'))).toEqual(['shop_utils']);
      expect(lstatSync(join(dir, 'dbt_packages', 'shop_utils')).isSymbolicLink()).toBe(true);
      expect(readdirSync(dir).filter((f) => f.startsWith('.tsmodel-deps'))).toEqual([]);
      return err;
    };

    it('an unreachable git repository', async () => {
      const err = await attempt(`packages:\n  - git: ${join(tmp.dir, 'no-such-repo.git')}\n    revision: v1\n`);
      expect(err.message).toMatch(/^git: .*no-such-repo\.git@v1: cannot clone/);
      expect(err.location).toEqual({ file: 'packages.yml', line: 2, column: 5 });
    });

    it('a revision the repository does not have', async () => {
      const repo = bareRepo(join(tmp.dir, 'shop_utils'), join(tmp.dir, 'bad-rev'));
      const err = await attempt(`packages:\n  - git: ${repo.url}\n    revision: v9.9\n`);
      expect(err.message).toContain("revision 'v9.9' was not found");
    });

    it('an unknown version and an unknown package on the hub', async () => {
      const err = await attempt('packages:\n  - package: acme/shop_utils\n    version: ">=3.0.0"\n');
      expect(err.message).toBe("package: acme/shop_utils: no release meets '>=3.0.0' (from packages.yml)");
      expect(err.hint).toContain('1.0.0, 1.2.0, 1.3.0-rc1, 2.0.0');
      const missing = await attempt('packages:\n  - package: acme/nothing\n    version: 1.0.0\n');
      expect(missing.message).toContain("has no package 'acme/nothing'");
    });

    it('an unreachable hub', async () => {
      writeFileSync(join(dir, 'packages.yml'), 'packages:\n  - package: acme/shop_utils\n    version: 1.0.0\n');
      const err = await failure(deps({ projectDir: dir, env: { DBT_PACKAGE_HUB_URL: 'http://127.0.0.1:9/' } }));
      expect(err.message).toMatch(/^package: acme\/shop_utils 1\.0\.0: the package hub is unreachable/);
      expect(readdirSync(join(dir, 'dbt_packages'))).toEqual(['shop_utils']);
    });

    it('conflicting version ranges name both requirers', async () => {
      const err = await attempt(
        'packages:\n  - package: acme/shop_utils\n    version: "<1.1.0"\n  - package: acme/shop_reports\n    version: 0.3.0\n',
      );
      expect(err.message).toBe(
        "package: acme/shop_utils: version '>=1.2.0' (required by shop_reports) conflicts with '<1.1.0' (required by packages.yml)",
      );
    });

    it('a package without a project file', async () => {
      const err = await attempt('packages:\n  - local: ../shop_utils/models\n');
      expect(err.message).toMatch(/^local: \.\.\/shop_utils\/models: holds no dbt_project\.yml/);
    });

    it('a folder that does not exist', async () => {
      const err = await attempt('packages:\n  - local: ../nowhere\n');
      expect(err.message).toMatch(/^local: \.\.\/nowhere: the folder .* does not exist/);
    });

    it('two sources giving packages of the same name', async () => {
      const err = await attempt(
        `packages:\n  - local: ../shop_utils\n  - tarball: ${hub.url}tarballs/acme/shop_utils/1.0.0.tar.gz\n    name: shop_utils\n`,
      );
      expect(err.message).toMatch(/is named 'shop_utils', like local: \.\.\/shop_utils \(required by packages\.yml\)$/);
    });

    it('an entry without a source, and a hub package without a version', async () => {
      expect((await attempt('packages:\n  - revision: v1\n')).message).toContain('needs one of local:, git:, package:');
      expect((await attempt('packages:\n  - package: acme/shop_utils\n')).message).toBe(
        "package: acme/shop_utils has no 'version:'",
      );
    });
  });
});
