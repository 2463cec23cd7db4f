import { describe, expect, it } from 'vitest';
import { TsmodelErrors } from '../errors/index.js';
import { loadProjectConfig } from './project.js';

const load = (text: string, opts: { env?: Record<string, string>; vars?: Record<string, unknown> } = {}) =>
  loadProjectConfig('/virtual/shop', {
    readFile: (p) => (p === '/virtual/shop/dbt_project.yml' ? text : undefined),
    env: opts.env ?? {},
    vars: opts.vars,
  });

const PROJECT = `name: shop
profile: "{{ env_var('SHOP_PROFILE', 'shop') }}"
target-path: "{{ var('out', 'target') }}"
model-paths: ["{{ env_var('MODELS_DIR', 'models') }}"]
on-run-end: ["grant usage on schema {{ target.schema }} to reporter"]
vars:
  start: "{{ env_var('START', '2020-01-01') }}"
models:
  shop:
    +schema: "{{ target.name }}_x"
    +post-hook: "select '{{ this }}'"
`;

describe('Jinja in dbt_project.yml values', () => {
  it('renders top-level values with env_var and --vars; hooks, vars and resource trees stay as written', () => {
    const { config } = load(PROJECT, { env: { MODELS_DIR: 'sql' }, vars: { out: 'build' } });
    expect(config.profile).toBe('shop');
    expect(config.targetPath).toBe('build');
    expect(config.modelPaths).toEqual(['sql']);
    expect(config.onRunEnd).toEqual(['grant usage on schema {{ target.schema }} to reporter']);
    expect(config.vars).toEqual({ start: "{{ env_var('START', '2020-01-01') }}" });
    expect(config.models).toEqual({ shop: { '+schema': '{{ target.name }}_x', '+post-hook': "select '{{ this }}'" } });
  });

  it('defaults apply without the environment variable or the --vars', () => {
    const { config } = load(PROJECT);
    expect([config.profile, config.targetPath, config.modelPaths]).toEqual(['shop', 'target', ['models']]);
  });

  it('a value that cannot be rendered is an error at its line', () => {
    const text = PROJECT.replace("env_var('SHOP_PROFILE', 'shop')", "env_var('SHOP_PROFILE')");
    let errors: readonly { message: string; location?: { file: string; line?: number } }[] = [];
    try {
      load(text);
    } catch (err) {
      errors = err instanceof TsmodelErrors ? err.errors : [err as TsmodelErrors['errors'][number]];
    }
    expect(errors.map((e) => e.message)).toEqual([
      "dbt_project.yml: cannot render `profile`: environment variable 'SHOP_PROFILE' is not set and env_var() was given no default",
    ]);
    expect(errors[0]!.location).toMatchObject({ file: 'dbt_project.yml', line: 2 });
  });
});
