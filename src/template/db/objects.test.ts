import { describe, expect, it } from 'vitest';
import { emptyParseRecord, parseContext, runtimeContext, type ContextInputs } from '../context.js';
import { RelationValue } from '../relation.js';
import { Renderer } from '../renderer.js';

// The template-facing objects without a database: api.Relation, api.Column, and what parse mode returns.
// Their behaviour against a database is tested on PGlite and PostgreSQL in api/template-queries.test.ts.
function inputs(renderer: Renderer): ContextInputs {
  return {
    renderer,
    node: {
      uniqueId: 'model.shop.m',
      name: 'm',
      resourceType: 'model',
      packageName: 'shop',
      originalFilePath: 'm.sql',
    },
    target: { name: 'dev', profile_name: 'shop', schema: 'main', type: 'postgres', threads: 1, database: 'db' },
    vars: {},
    env: {},
    runStartedAt: '2026-01-01T00:00:00Z',
    invocationId: 'abc',
    fullRefresh: false,
  };
}

const renderer = new Renderer([]);
const runtime = () =>
  runtimeContext({
    ...inputs(renderer),
    resolveRef: (name) => new RelationValue('main', name),
    resolveSource: (s, t) => new RelationValue(s, t),
    thisRelation: new RelationValue('main', 'm'),
    isIncremental: false,
    config: {},
  });
const render = (text: string, ctx = runtime()) => renderer.render('m.sql', text, ctx);

describe('template database objects', () => {
  it("api.Column follows dbt-postgres' data_type rules and class methods", () => {
    expect(
      render(
        "{{ api.Column('a', 'character varying', 10).data_type }}|{{ api.Column('a', 'character varying').data_type }}|" +
          "{{ api.Column('a', 'text').data_type }}|{{ api.Column('a', 'numeric', none, 10, 2).data_type }}|" +
          "{{ api.Column('a', 'integer').is_number() }}|{{ api.Column('a', 'varchar').is_string() }}|" +
          "{{ api.Column('My Col', 'integer').quoted }}|{{ api.Column.create('x', 'STRING').dtype }}|" +
          "{{ api.Column.string_type(20) }}|{{ api.Column.numeric_type('numeric', 5, 1) }}",
      ),
    ).toBe(
      'character varying(10)|character varying|text|numeric(10,2)|True|True|"My Col"|TEXT|character varying(20)|numeric(5,1)',
    );
  });

  it('api.Relation.create, incorporate and include print as dbt does; relations are mappings', () => {
    expect(
      render(
        "{% set r = api.Relation.create(schema='s', identifier='t', type='view') %}" +
          "{{ r }}|{{ r.is_view }}|{{ r.is_table }}|{{ r.incorporate(path={'identifier': 'u'}, type='table') }}|" +
          "{{ r.incorporate(type='table').is_table }}|{{ r.include(schema=False) }}|{{ r is mapping }}|" +
          "{{ r.get('metadata').type }}|{{ r.database }}|{{ ref('x').is_cte }}",
      ),
    ).toBe('"s"."t"|True|False|"s"."u"|True|"t"|True|PostgresRelation|db|False');
  });

  it('while parsing nothing is queried: run_query is none, statement does nothing, no columns', () => {
    const ctx = parseContext(inputs(renderer), emptyParseRecord());
    expect(
      render(
        "{% call statement('s', fetch_result=True) %}select 1{% endcall %}{{ load_result('s') }}|" +
          "{{ run_query('select 1') }}|{{ adapter.get_columns_in_relation(ref('x')) }}|" +
          "{{ adapter.get_relation(none, 'main', 'x') }}|{{ execute }}",
        ctx,
      ),
    ).toBe('None|None|[]|None|False');
  });

  it('with execute but no database, a query is a clear error at its line', () => {
    expect(() => render("select 1\n{{ run_query('select 1') }}")).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/this command has no connection/),
        location: { file: 'm.sql', line: 2 },
      }),
    );
  });
});
