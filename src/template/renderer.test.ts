import { describe, expect, it } from 'vitest';
import { TsmodelError } from '../errors/index.js';
import { BUILTIN_MACROS } from './builtin-macros.js';
import { emptyParseRecord, parseContext, runtimeContext, type ContextInputs } from './context.js';
import { RelationValue } from './relation.js';
import { Renderer, type MacroFile } from './renderer.js';

function inputs(renderer: Renderer, extra: Partial<ContextInputs> = {}): ContextInputs {
  return {
    renderer,
    node: {
      uniqueId: 'model.shop.m',
      name: 'm',
      resourceType: 'model',
      packageName: 'shop',
      originalFilePath: 'models/m.sql',
    },
    target: { name: 'dev', profile_name: 'shop', schema: 'main', type: 'postgres', threads: 4 },
    vars: { region: 'eu' },
    env: { HOME_CITY: 'Lyon' },
    runStartedAt: '2026-01-01T00:00:00Z',
    invocationId: 'abc',
    fullRefresh: false,
    ...extra,
  };
}

function runtime(renderer: Renderer, isIncremental = false) {
  return runtimeContext({
    ...inputs(renderer),
    resolveRef: (name, pkg) => new RelationValue(pkg ? `${pkg}_s` : 'prod', name),
    resolveSource: (src, table) => new RelationValue(src, table),
    thisRelation: new RelationValue('main', 'm'),
    isIncremental,
    config: { materialized: 'table', unique_key: 'id' },
  });
}

const macros: MacroFile[] = [
  ...BUILTIN_MACROS,
  {
    path: 'macros/money.sql',
    builtin: false,
    source: `{% macro cents_to_dollars(col, scale=2) -%}
  round({{ col }} / 100.0, {{ scale }})
{%- endmacro %}
{% macro sum_of(a, b) %}{{ return(a + b) }}{% endmacro %}
{% macro uses_other() %}{{ sum_of(2, 3) }} from {{ ref('orders') }}{% endmacro %}`,
  },
  {
    path: 'macros/schema.sql',
    builtin: false,
    source: `{% macro generate_schema_name(custom, node) %}{{ custom if custom else target.schema }}{% endmacro %}`,
  },
  {
    path: 'macros/tests.sql',
    builtin: false,
    source: `{% test positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}`,
  },
];

describe('Renderer', () => {
  const r = new Renderer(macros);

  it('compiles every macro file without errors and lists the macros', () => {
    expect(r.errors).toEqual([]);
    expect([...r.macros.keys()]).toEqual(
      expect.arrayContaining(['cents_to_dollars', 'sum_of', 'uses_other', 'generate_schema_name', 'test_positive']),
    );
    expect(r.macros.get('generate_schema_name')?.builtin).toBe(false);
    expect(r.macros.get('test_positive')?.line).toBe(1);
  });

  it('calls project macros without an import, with defaults and whitespace control', () => {
    const out = r.render(
      'models/a.sql',
      'select {{ cents_to_dollars("amount") }}, {{ cents_to_dollars("x", scale=4) }}',
      runtime(r),
    );
    expect(out).toBe('select round(amount / 100.0, 2), round(x / 100.0, 4)');
  });

  it('return() makes a macro evaluate to a value, also when called from another macro', () => {
    expect(r.render('models/b.sql', '{{ sum_of(1, 2) * 10 }}', runtime(r))).toBe('30');
    expect(r.render('models/c.sql', '{{ uses_other() }}', runtime(r))).toBe('5 from "prod"."orders"');
  });

  it('a project macro overrides a built-in one', () => {
    const out = r.callMacro('generate_schema_name', ['staging', {}], runtime(r), { file: 'x' });
    expect(String(out)).toBe('staging');
    expect(String(r.callMacro('generate_schema_name', [null, {}], runtime(r), { file: 'x' }))).toBe('main');
  });

  it('supports set, for, if, do, comments, loop variables and Jinja compat', () => {
    const src = `{# a comment #}{% set cols = ['a', 'b'] %}{% set extra = [] %}{% do extra.append('c') %}
select {% for c in cols + extra %}{{ c }}{% if not loop.last %}, {% endif %}{% endfor %}
{%- if var('region') == 'eu' %} where region = 'eu'{% endif %}`;
    expect(r.render('models/d.sql', src, runtime(r))).toBe("\nselect a, b, c where region = 'eu'");
  });

  it('records ref, source and config calls in parse mode', () => {
    const rec = emptyParseRecord();
    const src = `{{ config(materialized='incremental', unique_key='id') }}
select * from {{ ref('stg_orders') }} join {{ source('raw', 'customers') }} using (id)
{% if is_incremental() %} where false {% endif %}{{ ref('pkg', 'other') }}`;
    const out = r.render('models/e.sql', src, parseContext(inputs(r), rec));
    expect(rec.refs).toEqual([{ name: 'stg_orders' }, { name: 'other', package: 'pkg' }]);
    expect(rec.sources).toEqual([{ source: 'raw', table: 'customers' }]);
    expect(rec.config).toEqual([{ materialized: 'incremental', unique_key: 'id' }]);
    expect(out).not.toContain('where false');
  });

  it('renders real relations, this, is_incremental and config.get in runtime mode', () => {
    const src =
      `select * from {{ ref('stg_orders') }}, {{ source('raw', 'c') }}{% if ` +
      'is_incremental() %} where id > (select max(id) from {{ this }}){% endif %} -- ' +
      `{{ config.get('unique_key') }} {{ this.schema }}`;
    expect(r.render('models/f.sql', src, runtime(r, true))).toBe(
      'select * from "prod"."stg_orders", "raw"."c" where id > (select max(id) from "main"."m") -- id main',
    );
  });

  it('reads env_var and var with defaults', () => {
    const src = `{{ env_var('HOME_CITY') }} {{ env_var('NOPE', 'x') }} {{ var('region') }} {{ var('missing', 7) }}`;
    expect(r.render('models/g.sql', src, runtime(r))).toBe('Lyon x eu 7');
  });

  const failing: [string, string, RegExp, number][] = [
    ['a missing env var', "select 1\n{{ env_var('DB_SECRET_X') }}", /DB_SECRET_X/, 2],
    ['a missing var', "select 1\n\n{{ var('nope') }}", /Required variable 'nope'/, 3],
    ['raise_compiler_error', "select\n{{ exceptions.raise_compiler_error('bad model') }}", /bad model/, 2],
    ['a syntax error', 'select 1\nfrom x\n{{ foo( }}', /Template error/, 3],
    ['an unclosed block', 'select 1\n{% if true %}\nx', /innermost block that needs to be closed is 'if'/, 2],
    ['an undefined function', 'select 1\n{{ nothing_here() }}', /nothing_here/, 2],
  ];
  it.each(failing)('reports %s with the file and line', (_name, src, message, line) => {
    let caught: unknown;
    try {
      r.render('models/bad.sql', src, runtime(r));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TsmodelError);
    const err = caught as TsmodelError;
    expect(err.message).toMatch(message);
    expect(err.location?.file).toBe('models/bad.sql');
    expect(err.location?.line).toBe(line);
  });

  it('reports a broken macro file, and two project macros with one name', () => {
    const broken = new Renderer([
      { path: 'macros/a.sql', builtin: false, source: '{% macro x() %}1{% endmacro %}' },
      { path: 'macros/b.sql', builtin: false, source: '\n{% macro x() %}2{% endmacro %}' },
      { path: 'macros/c.sql', builtin: false, source: '{% macro y( %}' },
    ]);
    expect(broken.errors.map((e) => e.location?.file)).toEqual(['macros/b.sql', 'macros/c.sql']);
    expect(broken.errors[0]!.message).toContain('macros/a.sql');
    expect(broken.errors[0]!.location?.line).toBe(2);
  });
});
