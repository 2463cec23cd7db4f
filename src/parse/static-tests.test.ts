import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../config/index.js';
import { readProjectFiles, sha256, type ProjectFile, type ProjectFiles } from '../project/index.js';
import { parseProject, type ParsedProject, type ParseInputs } from './project.js';

const TARGET = { name: 'dev', profile_name: 'shop', schema: 'main', type: 'pglite', threads: 1 } as const;
const REPO = fileURLToPath(new URL('../..', import.meta.url));

function file(path: string, contents: string): ProjectFile {
  const [root, ...rest] = path.split('/');
  return { path, root: root!, relPath: rest.join('/'), contents, checksum: sha256(contents) };
}

function inputs(dir: string, files: ProjectFiles, readFile?: (p: string) => string | undefined): ParseInputs {
  const { config } = loadProjectConfig(dir, readFile ? { readFile } : {});
  return {
    config,
    files,
    target: TARGET,
    vars: config.vars ?? {},
    env: {},
    invocationId: 'inv',
    runStartedAt: '2024-01-01T00:00:00Z',
  };
}

/** An in-memory project (name shop). */
function memory(files: Record<string, string>): ParseInputs {
  const list = Object.entries(files).map(([p, c]) => file(p, c));
  const pick = (test: (p: string) => boolean) => list.filter((f) => test(f.path));
  const projectFiles: ProjectFiles = {
    models: pick((p) => p.startsWith('models/') && p.endsWith('.sql')),
    macros: pick((p) => p.startsWith('macros/')),
    yaml: pick((p) => p.endsWith('.yml')),
    docs: [],
    tests: [],
    snapshots: [],
    analyses: [],
    seeds: [],
  };
  const yml = 'name: shop\nprofile: shop\n';
  return inputs('/virtual/shop', projectFiles, (p) => (p === '/virtual/shop/project.yml' ? yml : undefined));
}

/** Every node as JSON, without what only the static path leaves out on purpose (nothing, today). */
function nodesOf(p: ParsedProject): Record<string, unknown> {
  return Object.fromEntries([...p.nodes, ...p.disabled].map((n) => [n.uniqueId, JSON.parse(JSON.stringify(n))]));
}

function bothWays(inp: ParseInputs): { fast: ParsedProject; rendered: ParsedProject } {
  const fast = parseProject(inp);
  const rendered = parseProject({ ...inp, renderAll: true });
  expect(fast.errors.map((e) => e.message)).toEqual(rendered.errors.map((e) => e.message));
  return { fast, rendered };
}

const MODELS = {
  'models/orders.sql': "select 1 as id, 2 as customer_id, 'placed' as status",
  'models/customers.sql': 'select 2 as id',
  'models/versioned_v1.sql': 'select 1 as id',
  'models/versioned_v2.sql': 'select 1 as id',
};

const SCHEMA = `version: 2
sources:
  - name: raw
    tables:
      - name: payments
        columns:
          - name: id
            data_tests: [not_null, unique]
          - name: order_id
            data_tests:
              - relationships: {to: "ref('orders')", field: id}
models:
  - name: versioned
    latest_version: 2
    versions: [{v: 1}, {v: 2}]
    columns:
      - name: id
        data_tests: [not_null]
  - name: orders
    columns:
      - name: id
        data_tests: [not_null, unique]
      - name: status
        data_tests:
          - accepted_values: {values: [placed, shipped, 3, true, null]}
          - accepted_values: {values: ['a"b', "it's"], quote: false}
          - accepted_values: {values: "{{ var('statuses', ['placed']) }}"}
      - name: customer_id
        data_tests:
          - relationships: {to: ref('customers'), field: id}
          - relationships: {to: 'ref("customers")', field: id}
          - relationships: {to: "source('raw', 'payments')", field: id}
          - relationships: {to: "{{ ref('customers') }}", field: id}
          - relationships: {to: "ref('versioned', v=1)", field: id}
          - not_null: {config: {where: "id > 0"}}
`;

describe('generic tests as data (static parse of built-in tests)', () => {
  it('records exactly what rendering records, on every test of the example project', () => {
    const { config } = loadProjectConfig(REPO);
    const { fast, rendered } = bothWays(inputs(REPO, readProjectFiles(config)));
    const tests = fast.nodes.filter((n) => n.resourceType === 'test' && n.testMetadata);
    expect(tests.length).toBeGreaterThan(50);
    expect(nodesOf(fast)).toEqual(nodesOf(rendered));
  });

  it('agrees with rendering on sources, versions, lists, relationships written every way', () => {
    const { fast, rendered } = bothWays(memory({ ...MODELS, 'models/schema.yml': SCHEMA }));
    expect(fast.errors.map((e) => e.message)).toEqual([]);
    expect(nodesOf(fast)).toEqual(nodesOf(rendered));
    const rels = fast.nodes.filter(
      (n) => n.testMetadata?.name === 'relationships' && n.attachedNode?.includes('orders'),
    );
    expect(rels.map((n) => n.refs.map((r) => r.name))).toContainEqual(['orders', 'customers']);
    expect(fast.nodes.some((n) => n.sources.some((s) => s.table === 'payments') && n.refs.length === 1)).toBe(true);
  });

  it("a project's own {% test not_null %} still wins, and what it calls is recorded", () => {
    const override = `{% test not_null(model, column_name) %}
select * from {{ model }} join {{ ref('customers') }} using (id) where {{ column_name }} is null
{% endtest %}`;
    const { fast, rendered } = bothWays(
      memory({ ...MODELS, 'models/schema.yml': SCHEMA, 'macros/not_null.sql': override }),
    );
    expect(nodesOf(fast)).toEqual(nodesOf(rendered));
    const nn = fast.nodes.find((n) => n.name === 'not_null_orders_id')!;
    expect(nn.refs.map((r) => r.name)).toEqual(['orders', 'customers']);
  });

  it('an overridden get_where_subquery is rendered, not assumed', () => {
    const macro = `{% macro get_where_subquery(relation) %}{{ return(ref('customers')) }}{% endmacro %}`;
    const { fast, rendered } = bothWays(memory({ ...MODELS, 'models/schema.yml': SCHEMA, 'macros/where.sql': macro }));
    expect(nodesOf(fast)).toEqual(nodesOf(rendered));
    const nn = fast.nodes.find((n) => n.name === 'not_null_orders_id')!;
    expect(nn.refs.map((r) => r.name)).toEqual(['orders', 'customers']);
  });
});
