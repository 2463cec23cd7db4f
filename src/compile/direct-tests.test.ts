import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { writeSyntheticProject } from '../../bench/synthetic-project.js';
import { loadProjectConfig } from '../config/index.js';
import { buildGraph } from '../graph/index.js';
import { parseProject, type ParseInputs, type ParsedProject } from '../parse/index.js';
import { readProjectFiles, sha256, type ProjectFile, type ProjectFiles } from '../project/index.js';
import { Compiler } from './compile.js';

const TARGET = { name: 'dev', profile_name: 'shop', schema: 'main', type: 'pglite', threads: 1 } as const;
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'direct-tests-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function inputs(dir: string, files: ProjectFiles, readFile?: (p: string) => string | undefined): ParseInputs {
  const { config } = loadProjectConfig(dir, readFile ? { readFile } : {});
  const base = { config, files, target: TARGET, vars: config.vars ?? {}, env: {} };
  return { ...base, invocationId: 'inv', runStartedAt: '2024-01-01T00:00:00Z' };
}

function onDisk(dir: string): ParseInputs {
  const { config } = loadProjectConfig(dir);
  return inputs(dir, readProjectFiles(config));
}

/** An in-memory project (name shop) with its project.yml; files under pkg/ are package pkg's. */
function memory(files: Record<string, string>, yml = ''): ParseInputs {
  const list = Object.entries(files).map(([path, contents]): ProjectFile => {
    const pkg = path.startsWith('pkg/');
    const [root, ...rest] = (pkg ? path.slice(4) : path).split('/');
    const f = { path, root: root!, relPath: rest.join('/'), contents, checksum: sha256(contents) };
    return pkg ? { ...f, package: 'pkg' } : f;
  });
  const pick = (test: (p: string) => boolean) => list.filter((f) => test(f.path));
  const projectFiles: ProjectFiles = {
    models: pick((p) => /^(pkg\/)?models\//.test(p) && p.endsWith('.sql')),
    macros: pick((p) => /^(pkg\/)?macros\//.test(p)),
    yaml: pick((p) => p.endsWith('.yml')),
    ...{ docs: [], tests: [], snapshots: [], analyses: [], seeds: [] },
  };
  const project = `name: shop\nprofile: shop\n${yml}`;
  const inp = inputs('/virtual/shop', projectFiles, (p) => (p === '/virtual/shop/project.yml' ? project : undefined));
  if (!list.some((f) => f.package)) return inp;
  const read = (p: string) => (p === '/virtual/pkg/project.yml' ? 'name: pkg\nprofile: shop\n' : undefined);
  return { ...inp, packages: [{ config: loadProjectConfig('/virtual/pkg', { readFile: read }).config, vars: {} }] };
}

interface Compared {
  /** Test nodes compiled. */
  tests: number;
  /** The tests the compile under test rendered (the others were built from their definition). */
  rendered: string[];
  /** Each test's compiled SQL by name. */
  sql: Map<string, string>;
}

/** Compiles every test both ways (built directly where possible, and all rendered) and compares the SQL. */
function compareAll(parsed: ParsedProject, defer = false): Compared {
  expect(parsed.errors.map((e) => e.message)).toEqual([]);
  const graph = buildGraph(parsed.nodes);
  const deferRelation = defer
    ? (p: { relation?: { schema: string; identifier: string } }) =>
        p.relation && { schema: `prod_${p.relation.schema}`, identifier: p.relation.identifier }
    : undefined;
  const make = (renderTests: boolean) =>
    new Compiler({
      graph,
      parseEnv: parsed.parseEnv,
      fullRefresh: false,
      relationExists: () => false,
      renderTests,
      ...(deferRelation ? { deferRelation } : {}),
    });
  const reference = make(true);
  const direct = make(false);
  const tests = parsed.nodes.filter((n) => n.resourceType === 'test');
  const expected = new Map(tests.map((n) => [n.uniqueId, reference.compile(n.uniqueId).compiledSql]));
  // Ephemeral parents' bodies first, so that a test's renders below are its own.
  for (const n of parsed.nodes) if (n.resourceType === 'model') direct.compile(n.uniqueId);
  const { renderer } = parsed.parseEnv;
  const shared = vi.spyOn(renderer, 'renderShared');
  const plain = vi.spyOn(renderer, 'render');
  const renders = () => shared.mock.calls.length + plain.mock.calls.length;
  const rendered: string[] = [];
  try {
    for (const n of tests) {
      const before = renders();
      expect(direct.compile(n.uniqueId).compiledSql, n.uniqueId).toBe(expected.get(n.uniqueId));
      if (renders() > before) rendered.push(n.name);
    }
    return {
      tests: tests.length,
      rendered: rendered.sort(),
      sql: new Map(tests.map((n) => [n.name, expected.get(n.uniqueId)!])),
    };
  } finally {
    shared.mockRestore();
    plain.mockRestore();
  }
}

const MODELS = {
  'models/orders.sql': "select 1 as id, 2 as customer_id, 'placed' as status, 'x' as \"Order Date\"",
  'models/customers.sql': "{{ config(schema='crm', alias='Clients') }}\nselect 2 as id",
  'models/eph.sql': "{{ config(materialized='ephemeral') }}\nselect 1 as id",
  'models/uses_eph.sql': "select * from {{ ref('eph') }}",
  'models/versioned_v1.sql': 'select 1 as id',
  'models/versioned_v2.sql': 'select 1 as id',
};

const SCHEMA = `version: 2
sources:
  - name: raw
    schema: Raw_Data
    tables:
      - name: payments
        identifier: PAYMENTS
        columns:
          - name: id
            data_tests: [not_null, unique]
          - name: amount
            data_tests:
              - not_null: {config: {where: "amount > 0 and note <> 'x'"}}
models:
  - name: versioned
    latest_version: 2
    versions: [{v: 1}, {v: 2}]
    columns:
      - name: id
        data_tests: [not_null, unique]
  - name: eph
    columns:
      - name: id
        data_tests: [not_null, unique]
  - name: customers
    columns:
      - name: id
        data_tests:
          - unique: {config: {severity: warn, limit: 5, warn_if: "> 2", error_if: "> 10"}}
          - not_null: {config: {where: ""}}
  - name: orders
    data_tests:
      - not_null: {column_name: "coalesce(id, customer_id)"}
      - unique: {column_name: "id || '-' || status"}
    columns:
      - name: id
        data_tests:
          - not_null
          - unique: {config: {where: "status = 'placed'", store_failures: true}}
          - not_null: {name: custom_named_not_null, config: {where: "  id > 0  "}}
      - name: Order Date
        quote: true
        data_tests: [not_null, unique]
      - name: status
        data_tests:
          - not_null: {config: {where: "{{ 'status' }} is not null"}}
          - unique: {config: {where: 1}}
          - accepted_values: {values: [placed, shipped]}
          - accepted_values: {values: ["it's", 'a "b"', '', ' x '], quote: true}
          - accepted_values: {values: ["it's", '', ' x ', "''"], quote: true}
          - accepted_values: {quote: false, values: ["'placed'", "lower('SHIPPED')"]}
          - accepted_values: {values: [1, 2.5], quote: false}
          - accepted_values: {values: [placed, 3, true, null]}
          - accepted_values: {values: [placed], quote: 'yes'}
      - name: customer_id
        data_tests:
          - relationships: {to: ref('customers'), field: id}
          - not_null: {column_name: " customer_id "}
`;

describe('built-in tests compiled from their definition (issue #19)', () => {
  it('gives the rendered SQL on every test of the example project, rendering none of the plain ones', () => {
    const parsed = parseProject(onDisk(REPO));
    const c = compareAll(parsed);
    expect(c.tests).toBeGreaterThan(50);
    const plain = parsed.nodes.filter(
      (n) => n.renderShape && ['not_null', 'unique'].includes(n.testMetadata?.name ?? '') && !n.testMetadata?.namespace,
    );
    expect(plain.length).toBeGreaterThan(10);
    const names = new Set(plain.map((n) => n.name));
    expect(c.rendered.filter((r) => names.has(r))).toEqual([]);
    expect(c.rendered.length).toBeLessThan(c.tests - 10);
  });

  /** Values not all text, relationships, a versioned model's tests, a quoted column or value (no shape), a where
   * not text. */
  const RENDERED = [
    'accepted_values_orders_status__false__1__2_5',
    'accepted_values_orders_status__placed__3__true__null',
    'accepted_values_orders_status__true__it_s__a_b______x_',
    'accepted_values_orders_status__yes__placed',
    'not_null_orders__Order_Date_',
    'not_null_versioned_v1_id',
    'not_null_versioned_v2_id',
    'relationships_orders_customer_id__id__ref_customers_',
    'unique_orders__Order_Date_',
    'unique_orders_status',
    'unique_versioned_v1_id',
    'unique_versioned_v2_id',
  ];

  it('gives the rendered SQL for sources, aliases, ephemerals, quoting, expressions, where and other configs', () => {
    const c = compareAll(parseProject(memory({ ...MODELS, 'models/schema.yml': SCHEMA })));
    expect(c.tests).toBe(29);
    expect(c.rendered).toEqual(RENDERED);
  });

  it('gives the rendered SQL with where set for all tests in project.yml, and with --defer', () => {
    const yml = 'data_tests:\n  +where: "id is not null"\n';
    const parsed = parseProject(memory({ ...MODELS, 'models/schema.yml': SCHEMA }, yml));
    expect(parsed.nodes.find((n) => n.name === 'not_null_orders_id')?.config.where).toBe('id is not null');
    expect(compareAll(parsed).rendered).toEqual(RENDERED);
    expect(compareAll(parsed, true).rendered).toEqual(RENDERED);
  });

  for (const [test, what, macro] of [
    ['not_null', 'test_not_null', '{% test not_null(model, column_name) %}select 1 as o from {{ model }}{% endtest %}'],
    [
      'not_null',
      'its predicate',
      '{% macro tsmodel_predicate_not_null(column_name) %}{{ column_name }} < 0{% endmacro %}',
    ],
    ['unique', 'test_unique', '{% test unique(model, column_name) %}select 1 as o from {{ model }}{% endtest %}'],
    [
      'accepted_values',
      'its predicate',
      '{% macro tsmodel_predicate_accepted_values(column_name, values, quote=true) %}1 = 0{% endmacro %}',
    ],
    [
      'every',
      'get_where_subquery',
      '{% macro get_where_subquery(relation) %}{{ return(relation ~ " x") }}{% endmacro %}',
    ],
  ])
    it(`renders ${test} test when the project overrides ${what}`, () => {
      const files = { ...MODELS, 'models/schema.yml': SCHEMA, 'macros/over.sql': macro! };
      const parsed = parseProject(memory(files));
      const all = parsed.nodes.filter((n) => n.resourceType === 'test');
      const { rendered } = compareAll(parsed);
      expect(rendered).toEqual(
        all
          .filter((n) => test === 'every' || n.testMetadata?.name === test || RENDERED.includes(n.name))
          .map((n) => n.name)
          .sort(),
      );
    });

  it("renders every not_null when an installed package defines one (a package's own tests use it)", () => {
    const pkg = {
      'pkg/models/pkg_orders.sql': 'select 1 as id',
      'pkg/models/schema.yml':
        'version: 2\nmodels:\n  - name: pkg_orders\n    columns:\n      - name: id\n' +
        '        data_tests: [not_null, unique]\n',
      'pkg/macros/nn.sql': '{% test not_null(model, column_name) %}select 2 as pkg from {{ model }}{% endtest %}',
    };
    const parsed = parseProject(memory({ ...MODELS, 'models/schema.yml': SCHEMA, ...pkg }));
    const { rendered, sql } = compareAll(parsed);
    expect(sql.get('not_null_pkg_orders_id')).toMatch(/^select 2 as pkg from /);
    expect(sql.get('not_null_orders_id')).toMatch(/^select \*\nfrom /);
    const own = parsed.nodes.find((n) => n.name === 'not_null_pkg_orders_id');
    expect(own?.packageName).toBe('pkg');
    const notNull = parsed.nodes.filter((n) => n.testMetadata?.name === 'not_null').map((n) => n.name);
    expect(rendered).toEqual(expect.arrayContaining(notNull));
    expect(rendered).not.toContain('unique_pkg_orders_id');
  });

  it('gives the rendered SQL on a synthetic project, building every not_null and unique directly', () => {
    const dir = join(tmp, 'synth');
    writeSyntheticProject(dir, { models: 80, seed: 3 });
    const c = compareAll(parseProject(onDisk(dir)));
    expect(c.tests).toBeGreaterThan(150);
    expect(c.rendered).toEqual([]);
  });
});
