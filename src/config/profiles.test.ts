import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TsmodelError } from '../errors/index.js';
import { builtinProfilesYaml, EXAMPLE_PROFILE_NAME } from './default-profiles.js';
import { loadTarget } from './profiles.js';
import type { LoadTargetOptions } from './profiles.js';
import type { Env } from './types.js';
import { parseYamlDocument } from './yaml.js';

let root: string;
let project: string;
let home: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tsmodel-profiles-'));
  project = path.join(root, 'project');
  home = path.join(root, 'home');
  fs.mkdirSync(project);
  fs.mkdirSync(home);
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** A profiles.yml whose single target's schema names where it was found. */
function writeProfiles(dir: string, schema: string, profile = 'shop'): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'profiles.yml');
  fs.writeFileSync(
    file,
    `${profile}:\n  target: dev\n  outputs:\n    dev:\n      type: pglite\n      path: memory://\n      schema: ${schema}\n`,
  );
  return file;
}

function load(extra: Partial<LoadTargetOptions> = {}, env: Env = {}) {
  return loadTarget({ projectDir: project, profileName: 'shop', env: { HOME: home, ...env }, ...extra });
}

function errorOf(fn: () => unknown): TsmodelError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TsmodelError);
    return err as TsmodelError;
  }
  throw new Error('expected an error');
}

describe('profiles.yml lookup', () => {
  it('uses --profiles-dir first', () => {
    const flagged = writeProfiles(path.join(root, 'flag'), 'from_flag');
    writeProfiles(project, 'from_project');
    const loaded = load({ profilesDir: path.join(root, 'flag') });
    expect(loaded.target.schema).toBe('from_flag');
    expect(loaded.profilesFile).toBe(flagged);
  });

  it('accepts --profiles-dir pointing at the file itself', () => {
    const file = writeProfiles(path.join(root, 'flag'), 'from_file');
    expect(load({ profilesDir: file }).target.schema).toBe('from_file');
  });

  it('fails when --profiles-dir holds no profiles.yml', () => {
    const err = errorOf(() => load({ profilesDir: path.join(root, 'empty') }));
    expect(err.message).toContain('no profiles.yml at');
    expect(err.message).toContain('--profiles-dir');
  });

  it('then the project folder', () => {
    writeProfiles(project, 'from_project');
    writeProfiles(path.join(root, 'envdir'), 'from_env');
    expect(load({}, { TSMODEL_PROFILES_DIR: path.join(root, 'envdir') }).target.schema).toBe('from_project');
  });

  it('then $TSMODEL_PROFILES_DIR', () => {
    writeProfiles(path.join(root, 'envdir'), 'from_env');
    writeProfiles(path.join(home, '.tsmodel'), 'from_home');
    expect(load({}, { TSMODEL_PROFILES_DIR: path.join(root, 'envdir') }).target.schema).toBe('from_env');
  });

  it('then $DBT_PROFILES_DIR', () => {
    writeProfiles(path.join(root, 'dbtdir'), 'from_dbt_env');
    writeProfiles(path.join(home, '.tsmodel'), 'from_home');
    expect(load({}, { DBT_PROFILES_DIR: path.join(root, 'dbtdir') }).target.schema).toBe('from_dbt_env');
  });

  it('then ~/.tsmodel/profiles.yml', () => {
    writeProfiles(path.join(home, '.tsmodel'), 'from_tsmodel_home');
    writeProfiles(path.join(home, '.dbt'), 'from_dbt_home');
    expect(load().target.schema).toBe('from_tsmodel_home');
  });

  it('then ~/.dbt/profiles.yml, so existing dbt profiles work', () => {
    const file = writeProfiles(path.join(home, '.dbt'), 'from_dbt_home');
    const loaded = load();
    expect(loaded.target.schema).toBe('from_dbt_home');
    expect(loaded.profilesFile).toBe(file);
  });

  it('skips a home profiles.yml without the profile, with a warning', () => {
    writeProfiles(path.join(home, '.dbt'), 'x', 'another_project');
    const loaded = load();
    expect(loaded.profilesFile).toBeUndefined();
    expect(loaded.target.type).toBe('pglite');
    expect(loaded.warnings[0]!.message).toContain("has no profile 'shop' (known profiles: another_project)");
  });

  it('falls back to the built-in profile', () => {
    const loaded = load();
    expect(loaded.profilesFile).toBeUndefined();
    expect(loaded.warnings).toEqual([]);
    expect(loaded.target).toEqual({
      name: 'embedded',
      profileName: 'shop',
      type: 'pglite',
      path: path.join(project, '.tsmodel', 'pgdata'),
      schema: 'main',
      threads: 1,
      retries: 3,
      retryDelayMs: 30_000,
      retryBackoff: 1,
      lockTimeoutMs: 60_000,
    });
  });

  it('built-in postgres target reads DB_* variables', () => {
    const env = { DB_HOST: 'db.internal', DB_PORT: '6543', DB_NAME: 'wh', DB_USER: 'etl', DB_PASSWORD: 's3cret' };
    expect(load({ target: 'postgres' }, env).target).toEqual({
      name: 'postgres',
      profileName: 'shop',
      type: 'postgres',
      host: 'db.internal',
      port: 6543,
      dbname: 'wh',
      user: 'etl',
      password: 's3cret',
      schema: 'main',
      threads: 4,
      retries: 3,
      retryDelayMs: 30_000,
      retryBackoff: 1,
      lockTimeoutMs: 60_000,
      source: 'profile',
    });
    expect(load({ target: 'postgres' }).target).toMatchObject({
      host: 'localhost',
      port: 5432,
      dbname: 'ecommerce_db',
      user: 'postgres',
    });
    expect(load({ target: 'postgres' }).target).not.toHaveProperty('password');
  });

  it('built-in profile equals profiles.example.yml', () => {
    const examplePath = path.resolve(import.meta.dirname, '../../profiles.example.yml');
    const example = parseYamlDocument(fs.readFileSync(examplePath, 'utf8'), 'profiles.example.yml').value;
    const builtin = parseYamlDocument(builtinProfilesYaml(EXAMPLE_PROFILE_NAME), 'builtin').value;
    expect(builtin).toEqual(example);
  });
});

describe('target selection', () => {
  const TWO =
    `shop:\n  target: "{{ env_var('SHOP_TARGET', 'dev') }}"\n  outputs:\n    dev:\n` +
    '      type: pglite\n      path: data/dev\n      schema: dev\n    prod:\n      type: pglite\n' +
    '      path: memory://\n      schema: prod\n';

  it('--target, then TSMODEL_TARGET, then the profile target (rendered)', () => {
    fs.writeFileSync(path.join(project, 'profiles.yml'), TWO);
    expect(load({ target: 'prod' }, { TSMODEL_TARGET: 'dev' }).target.schema).toBe('prod');
    expect(load({}, { TSMODEL_TARGET: 'prod' }).target.schema).toBe('prod');
    expect(load({}, { SHOP_TARGET: 'prod' }).target.schema).toBe('prod');
    const dev = load().target;
    expect(dev).toMatchObject({ name: 'dev', schema: 'dev', path: path.join(project, 'data', 'dev') });
  });

  it('an unknown target names the file, lists the targets and suggests one', () => {
    fs.writeFileSync(path.join(project, 'profiles.yml'), TWO);
    const err = errorOf(() => load({ target: 'prd' }));
    expect(err.code).toBe('config');
    expect(err.message).toBe(
      "target 'prd' (from --target) is not an output of profile 'shop' in profiles.yml (known targets: dev, prod)",
    );
    expect(err.hint).toBe("did you mean 'prod'?");
    expect(err.location).toMatchObject({ file: 'profiles.yml', line: 3 });
  });

  it('an unknown TSMODEL_TARGET says where it came from', () => {
    expect(errorOf(() => load({}, { TSMODEL_TARGET: 'staging' })).message).toContain(
      "target 'staging' (from TSMODEL_TARGET)",
    );
  });

  it('rejects a bad --threads', () => {
    expect(errorOf(() => load({ threads: 0 }))).toMatchObject({
      code: 'usage',
      message: '--threads must be a positive integer, got 0',
    });
  });

  it('an unknown target of the built-in profile', () => {
    const err = errorOf(() => load({ target: 'postgress' }));
    expect(err.message).toContain('(known targets: embedded, postgres, citus)');
    expect(err.hint).toBe("did you mean 'postgres'?");
  });

  it('an unknown profile lists the known ones with a suggestion', () => {
    writeProfiles(project, 'x', 'shopp');
    const err = errorOf(() => load());
    expect(err.message).toBe("profile 'shop' was not found in profiles.yml (known profiles: shopp)");
    expect(err.hint).toContain("did you mean 'shopp'?");
  });

  it('a profile without target uses its only output', () => {
    fs.writeFileSync(path.join(project, 'profiles.yml'), 'shop:\n  outputs:\n    only:\n      type: pglite\n');
    expect(load().target).toMatchObject({
      name: 'only',
      path: path.join(project, '.tsmodel', 'pgdata'),
      schema: 'main',
    });
  });
});
