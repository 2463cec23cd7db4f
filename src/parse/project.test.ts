import { describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../config/index.js';
import { sha256, type ProjectFile, type ProjectFiles } from '../project/index.js';
import { parseDocBlocks } from './docs.js';
import { parseProject, type ParsedProject } from './project.js';
import { parseSchemaYaml } from './schema-yaml.js';
import type { TsmodelError } from '../errors/index.js';

const PROJECT_YML = `name: shop
profile: shop
models:
  shop:
    +tags: ["base", "{{ target.name }}"]
    staging:
      +schema: "{{ env_var('STAGING_SCHEMA', 'stage') }}"
      +post-hook: "grant select on {{ this }} to reporter"
    extra:
      +enabled: "{{ var('with_extra', false) }}"
`;

function file(path: string, contents: string): ProjectFile {
  const [root, ...rest] = path.split('/');
  return { path, root: root!, relPath: rest.join('/'), contents, checksum: sha256(contents) };
}

/** Parses an in-memory project: no disk involved. */
function parse(
  files: Record<string, string>,
  opts: { vars?: Record<string, unknown>; env?: Record<string, string> } = {},
): ParsedProject {
  const { config } = loadProjectConfig('/virtual/shop', {
    readFile: (p) => (p === '/virtual/shop/project.yml' ? PROJECT_YML : undefined),
  });
  const list = Object.entries(files).map(([p, c]) => file(p, c));
  const pick = (test: (p: string) => boolean) => list.filter((f) => test(f.path));
  const projectFiles: ProjectFiles = {
    models: pick((p) => p.startsWith('models/') && p.endsWith('.sql')),
    macros: pick((p) => p.startsWith('macros/')),
    yaml: pick((p) => p.endsWith('.yml')),
    docs: pick((p) => p.endsWith('.md')),
    tests: [],
    snapshots: [],
    analyses: [],
    seeds: [],
  };
  return parseProject({
    config,
    files: projectFiles,
    target: { name: 'dev', profile_name: 'shop', schema: 'main', type: 'pglite', threads: 1 },
    vars: opts.vars ?? {},
    env: opts.env ?? {},
    invocationId: 'inv',
    runStartedAt: '2024-01-01T00:00:00Z',
  });
}

const BASE: Record<string, string> = {
  'models/staging/stg_orders.sql': 'select 1 as order_id, 10 as customer_id',
  'models/marts/orders.sql': "select *\nfrom {{ ref('stg_orders') }}",
  'models/extra/experimental.sql': 'select 1 as x',
  'models/docs.md':
    '{%- docs order_status -%}\nplaced, shipped or returned\n{%- enddocs -%}\n\n{% docs other %}x{% enddocs %}',
  'models/schema.yml': `version: 2
models:
  - name: stg_orders
    description: "Orders. {{ doc('order_status') }}"
    columns:
      - name: status
        description: '{{ doc("order_status") }}'
  - name: orders
    config:
      alias: "{{ 'orders_' ~ target.name }}"
`,
};

const node = (p: ParsedProject, name: string) => [...p.nodes, ...p.disabled].find((n) => n.name === name)!;
const messages = (errors: readonly TsmodelError[]) => errors.map((e) => e.message);

describe('parseProject', () => {
  it('renders doc() blocks into model and column descriptions', () => {
    const p = parse(BASE);
    expect(messages(p.errors)).toEqual([]);
    expect(node(p, 'stg_orders').description).toBe('Orders. placed, shipped or returned');
    expect(node(p, 'stg_orders').columns.status!.description).toBe('placed, shipped or returned');
    expect([...p.docs.keys()]).toEqual(['order_status', 'other']);
  });

  it('reports a missing doc() at its YAML entry, with the nearest name', () => {
    const p = parse({
      ...BASE,
      'models/schema.yml':
        'version: 2\nmodels:\n  - name: stg_orders\n    description: "{{ doc(\'order_statuses\') }}"\n',
    });
    expect(p.errors).toHaveLength(1);
    expect(p.errors[0]!.message).toBe("doc('order_statuses') refers to no {% docs %} block");
    expect(p.errors[0]!.location).toEqual(expect.objectContaining({ file: 'models/schema.yml', line: 3 }));
    expect(p.errors[0]!.hint).toBe("Did you mean doc('order_status')?");
  });

  it('renders Jinja in folder configs and YAML configs, leaving hooks for run time', () => {
    const p = parse(BASE);
    const stg = node(p, 'stg_orders');
    expect(stg.config.tags).toEqual(['base', 'dev']);
    expect(stg.config.schema).toBe('stage');
    expect(stg.relation).toEqual({ schema: 'main_stage', identifier: 'stg_orders' });
    expect(stg.config.post_hook).toEqual(['grant select on {{ this }} to reporter']);
    expect(node(p, 'orders').relation).toEqual({ schema: 'main', identifier: 'orders_dev' });
    expect(node(p, 'experimental').config.enabled).toBe(false);
    expect(p.nodes.map((n) => n.name)).not.toContain('experimental');
  });

  it('config templates see env vars and --vars', () => {
    const p = parse(BASE, { env: { STAGING_SCHEMA: 'landing' }, vars: { with_extra: true } });
    expect(node(p, 'stg_orders').relation?.schema).toBe('main_landing');
    expect(p.nodes.map((n) => n.name)).toContain('experimental');
  });

  it('a broken config template names the config and the node', () => {
    const p = parse({
      ...BASE,
      'models/schema.yml':
        'version: 2\nmodels:\n  - name: orders\n    config:\n      alias: "{{ env_var(\'NO_SUCH_VAR\') }}"\n',
    });
    expect(messages(p.errors)).toEqual([
      expect.stringMatching(/^config 'alias' of model 'orders': Environment variable 'NO_SUCH_VAR' is not set/),
    ]);
    expect(p.errors[0]!.location?.file).toBe('models/schema.yml');
  });

  it('warns about an unknown top-level key of a properties file', () => {
    const p = parse({ ...BASE, 'models/more.yml': 'version: 2\nmodel:\n  - name: orders\n' });
    expect(p.warnings).toEqual([
      {
        message: "unknown key 'model' (did you mean 'models'?); it is ignored",
        location: expect.objectContaining({ file: 'models/more.yml', line: 2 }),
      },
    ]);
  });

  it('points a missing ref at its line, with a suggestion; names both files of a duplicate', () => {
    const p = parse({
      ...BASE,
      'models/marts/revenue.sql': "select 1\n\nfrom {{ ref('stg_order') }}",
      'models/marts/stg_orders.sql': 'select 2 as order_id',
    });
    const missing = p.errors.find((e) => e.code === 'graph-missing-ref')!;
    expect(missing.location).toEqual({ file: 'models/marts/revenue.sql', line: 3 });
    expect(missing.hint).toBe("Did you mean ref('stg_orders')?");
    const dup = p.errors.find((e) => e.code === 'graph-duplicate')!;
    expect(dup.message).toContain('models/marts/stg_orders.sql');
    expect(dup.message).toContain('models/staging/stg_orders.sql');
  });
});

describe('parseSchemaYaml', () => {
  it('reads models, columns and sources (schema defaults to the source name)', () => {
    const errors: TsmodelError[] = [];
    const parsed = parseSchemaYaml(
      `version: 2
sources:
  - name: jaffle
    schema: raw
    tables:
      - name: raw_orders
        identifier: orders_v2
  - name: erp
    tables: [{name: invoices}]
models:
  - name: orders
    description: Orders.
    columns:
      - name: id
        tests: [unique, not_null]
`,
      'models/schema.yml',
      errors,
    );
    expect(errors).toEqual([]);
    expect(parsed.sources.map((s) => [s.name, s.schema, s.tables.map((t) => t.identifier ?? t.name)])).toEqual([
      ['jaffle', 'raw', ['orders_v2']],
      ['erp', undefined, ['invoices']],
    ]);
    expect(parsed.patches[0]).toEqual(
      expect.objectContaining({
        kind: 'models',
        name: 'orders',
        description: 'Orders.',
        location: expect.objectContaining({ line: 11 }),
      }),
    );
    expect(parsed.patches[0]!.columns.id!.tests).toEqual(['unique', 'not_null']);
  });

  it('reports malformed YAML at its line, and entries without a name', () => {
    const errors: TsmodelError[] = [];
    parseSchemaYaml('version: 2\nmodels:\n  - name: a\n   description: x\n', 'models/bad.yml', errors);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('yaml');
    expect(errors[0]!.location).toEqual(expect.objectContaining({ file: 'models/bad.yml', line: 4 }));
    const more: TsmodelError[] = [];
    parseSchemaYaml('version: 2\nmodels:\n  - description: no name\n', 'models/b.yml', more);
    expect(more.map((e) => [e.message, e.location?.line])).toEqual([['each entry under models: needs a name', 3]]);
  });
});

describe('parseDocBlocks', () => {
  it('extracts blocks, with or without whitespace control, trimmed', () => {
    expect(
      parseDocBlocks('{% docs a %}\n  one\n{% enddocs %}\n{%- docs b_2 -%}two{%- enddocs -%}', 'models/d.md'),
    ).toEqual([
      { name: 'a', contents: 'one', originalFilePath: 'models/d.md' },
      { name: 'b_2', contents: 'two', originalFilePath: 'models/d.md' },
    ]);
  });
});
