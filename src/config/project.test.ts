import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TsmodelError, TsmodelErrors } from '../errors/index.js';
import { loadProjectConfig } from './project.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsmodel-project-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): void {
  fs.writeFileSync(path.join(dir, name), text);
}

function errorsOf(fn: () => unknown): TsmodelError[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof TsmodelErrors) return [...err.errors];
    if (err instanceof TsmodelError) return [err];
    throw err;
  }
  throw new Error('expected an error');
}

const DBT_PROJECT = `name: 'my_project'
version: '1.0.0'
config-version: 2
require-dbt-version: [">=1.7.0", "<2.0.0"]

profile: 'my_project'

model-paths: ["models"]
analysis-paths: ["analyses"]
test-paths: ["tests"]
seed-paths: ["seeds"]
macro-paths: ["macros"]
snapshot-paths: ["snapshots"]
docs-paths: ["docs"]
asset-paths: ["assets"]
packages-install-path: dbt_packages

clean-targets:
  - "target"
  - "dbt_packages"

flags:
  send_anonymous_usage_stats: false
quoting:
  identifier: false
dispatch:
  - macro_namespace: dbt_utils
    search_order: [my_project, dbt_utils]
query-comment:
  comment: "run by {{ target.user }}"
  append: true

on-run-start: "create schema if not exists audit"
on-run-end:
  - "grant usage on schema {{ target.schema }} to reporter"

vars:
  start_date: '2024-01-01'
  my_project:
    region: eu

models:
  my_project:
    +materialized: table
    staging:
      +materialized: view
      +tags: ["staging"]
seeds:
  my_project:
    +schema: raw
snapshots:
  my_project:
    +target_schema: snapshots
data_tests:
  my_project:
    +severity: warn
sources:
  my_project:
    +enabled: true
analyses:
  my_project:
    +enabled: true
`;

describe('loadProjectConfig', () => {
  it('fills every default from a minimal project.yml', () => {
    write('project.yml', 'name: shop\n');
    const { config, warnings } = loadProjectConfig(dir);
    expect(warnings).toEqual([]);
    expect(config).toMatchObject({
      projectRoot: path.resolve(dir),
      configFile: 'project.yml',
      name: 'shop',
      profile: 'shop',
      modelPaths: ['models'],
      seedPaths: ['seeds'],
      testPaths: ['tests'],
      macroPaths: ['macros'],
      snapshotPaths: ['snapshots'],
      analysisPaths: ['analyses'],
      docsPaths: [],
      targetPath: 'target',
      logPath: 'logs',
      cleanTargets: ['target'],
      vars: {},
      onRunStart: [],
      onRunEnd: [],
      models: {},
      seeds: {},
      snapshots: {},
      tests: {},
      sources: {},
      analyses: {},
      packagesInstallPath: 'dbt_packages',
    });
    expect(config.version).toBeUndefined();
    expect(config.locations.name).toEqual({ file: 'project.yml', line: 1, column: 1 });
  });

  it('reads a realistic dbt_project.yml when there is no project.yml', () => {
    write('dbt_project.yml', DBT_PROJECT);
    const { config, warnings } = loadProjectConfig(dir);
    expect(warnings).toEqual([]);
    expect(config.configFile).toBe('dbt_project.yml');
    expect(config).toMatchObject({
      name: 'my_project',
      version: '1.0.0',
      configVersion: 2,
      requireDbtVersion: ['>=1.7.0', '<2.0.0'],
      docsPaths: ['docs'],
      assetPaths: ['assets'],
      cleanTargets: ['target', 'dbt_packages'],
      onRunStart: ['create schema if not exists audit'],
      onRunEnd: ['grant usage on schema {{ target.schema }} to reporter'],
      vars: { start_date: '2024-01-01', my_project: { region: 'eu' } },
      quoting: { identifier: false },
      flags: { send_anonymous_usage_stats: false },
      queryComment: { comment: 'run by {{ target.user }}', append: true },
    });
    expect(config.models).toEqual({
      my_project: { '+materialized': 'table', staging: { '+materialized': 'view', '+tags': ['staging'] } },
    });
    expect(config.tests).toEqual({ my_project: { '+severity': 'warn' } });
    expect(config.seeds).toEqual({ my_project: { '+schema': 'raw' } });
    expect(config.dispatch).toHaveLength(1);
    expect(config.locations.models).toMatchObject({ file: 'dbt_project.yml', line: 42, column: 1 });
  });

  it('prefers project.yml over dbt_project.yml', () => {
    write('project.yml', 'name: from_project_yml\n');
    write('dbt_project.yml', 'name: from_dbt\n');
    expect(loadProjectConfig(dir).config.name).toBe('from_project_yml');
  });

  it('reads the old dbt names with a deprecation warning', () => {
    write('project.yml', 'name: old\nsource-paths: [src]\ndata-paths: [data/]\nversion: 1.2\n');
    const { config, warnings } = loadProjectConfig(dir);
    expect(config.modelPaths).toEqual(['src']);
    expect(config.seedPaths).toEqual(['data']);
    expect(config.version).toBe('1.2');
    expect(warnings.map((w) => w.message)).toEqual([
      "'source-paths' is deprecated: rename it to 'model-paths'",
      "'data-paths' is deprecated: rename it to 'seed-paths'",
    ]);
  });

  it('reports every wrong type at its value, together', () => {
    write(
      'project.yml',
      'name: [a]\nmodel-paths: 3\nvars: "x"\nseed-paths:\n  - seeds\n  - {a: 1}\nmodels: [x]\non-run-start: 5\n',
    );
    const errors = errorsOf(() => loadProjectConfig(dir));
    expect(errors.map((e) => [e.code, e.message, e.location?.line, e.location?.column])).toEqual([
      ['config', 'name must be a string, got a list', 1, 7],
      ['config', 'model-paths must be a list of strings, got a number (3)', 2, 14],
      ['config', 'seed-paths[1] must be a string, got a mapping', 6, 5],
      ['config', 'on-run-start must be a list of strings, got a number (5)', 8, 15],
      ['config', "vars must be a mapping, got a string ('x')", 3, 7],
      ['config', 'models must be a mapping, got a list', 7, 9],
    ]);
    expect(errors.every((e) => e.location?.file === 'project.yml')).toBe(true);
    expect(errors[1]!.hint).toBe('expected a list of strings, e.g. model-paths: [models]');
  });

  it('rejects a name that is not an identifier, and a missing name', () => {
    write('project.yml', 'name: my-project\n');
    const [err] = errorsOf(() => loadProjectConfig(dir));
    expect(err!.message).toBe("name 'my-project' is not a valid identifier");
    expect(err!.location).toMatchObject({ line: 1, column: 7 });
    write('project.yml', 'profile: p\n');
    expect(errorsOf(() => loadProjectConfig(dir))[0]!.message).toBe('project.yml has no `name`');
  });

  it('warns about an unknown key with the nearest known one', () => {
    write('project.yml', 'name: shop\nmodel-path: [models]\nfoo_bar_baz: 1\n');
    const { warnings } = loadProjectConfig(dir);
    expect(warnings).toEqual([
      {
        message: "unknown key 'model-path' in project.yml (did you mean 'model-paths'?); it is ignored",
        location: { file: 'project.yml', line: 2, column: 1 },
      },
      {
        message: "unknown key 'foo_bar_baz' in project.yml; it is ignored",
        location: { file: 'project.yml', line: 3, column: 1 },
      },
    ]);
  });

  it('rejects both tests and data_tests', () => {
    write('project.yml', 'name: shop\ntests: {}\ndata_tests: {}\n');
    expect(errorsOf(() => loadProjectConfig(dir))[0]!.message).toContain("both 'tests' and 'data_tests'");
  });

  it('leaves templates unrendered', () => {
    write('project.yml', 'name: shop\nvars:\n  db: "{{ env_var(\'DB\') }}"\non-run-start: ["{{ var(\'x\') }}"]\n');
    const { config } = loadProjectConfig(dir);
    expect(config.vars.db).toBe("{{ env_var('DB') }}");
    expect(config.onRunStart).toEqual(["{{ var('x') }}"]);
  });

  it('reports malformed YAML with its line', () => {
    write('project.yml', 'name: shop\nmodels:\n  shop:\n    +materialized: view\n   staging: {}\n');
    const [err] = errorsOf(() => loadProjectConfig(dir));
    expect(err!.code).toBe('yaml');
    expect(err!.location).toMatchObject({ file: 'project.yml', line: 5 });
  });

  it('says what to do when there is no project file', () => {
    const [err] = errorsOf(() => loadProjectConfig(dir));
    expect(err!.code).toBe('config');
    expect(err!.message).toBe(`neither project.yml nor dbt_project.yml was found in ${path.resolve(dir)}`);
    expect(err!.hint).toContain('tsmodel init');
    expect(err!.hint).toContain('--project-dir');
  });

  it('rejects a file that is not a mapping', () => {
    write('project.yml', '- a\n- b\n');
    expect(errorsOf(() => loadProjectConfig(dir))[0]!.message).toMatch(/must be a mapping/);
  });

  it('uses an injected readFile', () => {
    const files: Record<string, string> = { [path.join('/virtual', 'dbt_project.yml')]: 'name: virtual\n' };
    const { config } = loadProjectConfig('/virtual', { readFile: (p) => files[p] });
    expect(config).toMatchObject({
      name: 'virtual',
      configFile: 'dbt_project.yml',
      projectRoot: path.resolve('/virtual'),
    });
  });
});
