import { existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TsmodelError } from '../errors/index.js';
import { projectFixture, type ProjectFixture } from './test-support/project-fixture.js';
import { clean } from './clean.js';
import { runCli } from '../cli/test-support/cli.js';

/** Issue 14 item 6: clean never deletes outside the project, symlinks or not. */
describe('tsmodel clean and symlinks', () => {
  let project: ProjectFixture;
  let elsewhere: string;
  beforeEach(() => {
    elsewhere = mkdtempSync(join(tmpdir(), 'tsmodel-elsewhere-'));
    mkdirSync(join(elsewhere, 'sub'));
    writeFileSync(join(elsewhere, 'sub', 'precious.txt'), 'keep me');
    writeFileSync(join(elsewhere, 'precious.txt'), 'keep me');
  });
  afterEach(() => {
    project.dispose();
    rmSync(elsewhere, { recursive: true, force: true });
  });
  const make = (cleanTargets: string[]) => {
    project = projectFixture({
      'project.yml': `name: cleaning\nclean-targets: ${JSON.stringify(cleanTargets)}\n`,
      'target/run/a.sql': 'select 1',
      'models/a.sql': 'select 1 as id\n',
    });
  };
  const untouched = () => {
    expect(existsSync(join(elsewhere, 'sub', 'precious.txt'))).toBe(true);
    expect(existsSync(join(elsewhere, 'precious.txt'))).toBe(true);
  };

  it('refuses an entry reached through a symlink to another folder, deleting nothing', () => {
    make(['target', 'out/sub']);
    symlinkSync(elsewhere, join(project.dir, 'out'));
    const err = (() => {
      try {
        clean({ projectDir: project.dir });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(TsmodelError);
    expect((err as TsmodelError).message).toMatch(
      /^clean-targets entry 'out\/sub' resolves to .*tsmodel-elsewhere-.*\/sub through a symlink, outside the project folder/,
    );
    expect((err as TsmodelError).location).toEqual({ file: 'project.yml' });
    untouched();
    expect(existsSync(join(project.dir, 'target/run/a.sql'))).toBe(true); // checked before anything was deleted
  });

  it('removes an entry that is a symlink itself, never what it points to', () => {
    make(['out']);
    symlinkSync(elsewhere, join(project.dir, 'out'));
    expect(clean({ projectDir: project.dir })).toEqual(['out']);
    expect(() => lstatSync(join(project.dir, 'out'))).toThrow();
    untouched();
  });

  it('removes symlinks inside a cleaned folder without following them', () => {
    make(['target']);
    symlinkSync(elsewhere, join(project.dir, 'target', 'link'));
    symlinkSync(join(elsewhere, 'precious.txt'), join(project.dir, 'target', 'file-link'));
    expect(clean({ projectDir: project.dir })).toEqual(['target']);
    expect(existsSync(join(project.dir, 'target'))).toBe(false);
    untouched();
  });

  it('follows a symlink that stays inside the project', () => {
    make(['build/target']);
    mkdirSync(join(project.dir, 'real-build', 'target'), { recursive: true });
    writeFileSync(join(project.dir, 'real-build', 'target', 'x.json'), '{}');
    symlinkSync(join(project.dir, 'real-build'), join(project.dir, 'build'));
    expect(clean({ projectDir: project.dir })).toEqual(['build/target']);
    expect(existsSync(join(project.dir, 'real-build', 'target'))).toBe(false);
    expect(existsSync(join(project.dir, 'real-build'))).toBe(true);
  });

  it('refuses a path outside the project as written', () => {
    make(['../x']);
    expect(() => clean({ projectDir: project.dir })).toThrow(/'..\/x' is outside the project folder/);
  });

  it('the CLI says so and exits 2, with no stack trace', async () => {
    make(['out/sub']);
    symlinkSync(elsewhere, join(project.dir, 'out'));
    const res = await runCli(['clean'], { cwd: project.dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(
      /clean-targets entry 'out\/sub' resolves to .* through a symlink, outside the project folder/,
    );
    expect(res.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    untouched();
  }, 60_000);
});
