import { describe, expect, it } from 'vitest';
import { TsmodelError } from '../errors/index.js';
import { BUILTIN_MACROS } from './builtin-macros.js';
import { modelContext } from './test-support/model-context.js';
import { TemplateDateTime } from './datetime.js';
import { Renderer } from './renderer.js';

const renderer = new Renderer([
  ...BUILTIN_MACROS,
  {
    path: 'macros/cols.sql',
    builtin: false,
    source: `{% macro column_list(cols) -%}
{%- set ns = namespace(first=true, out='') -%}
{%- for c in cols -%}
{%- if not ns.first %}{% set ns.out = ns.out ~ ', ' %}{% endif %}
{%- set ns.out = ns.out ~ c.lower() %}{% set ns.first = false %}
{%- endfor -%}
{{ ns.out }}
{%- endmacro %}`,
  },
]);

const ctx = modelContext(renderer, {
  pkg: 'p',
  file: 'models/m.sql',
  runStartedAt: '2024-03-05T07:08:09.123Z',
});

const render = (src: string) => renderer.render('models/t.sql', src, ctx);

describe('Python string methods dbt macros call', () => {
  const cases: [string, string][] = [
    ["{{ 'Abc'.upper() }} {{ 'Abc'.lower() }}", 'ABC abc'],
    ["[{{ '  x '.strip() }}|{{ '  x '.lstrip() }}|{{ '  x '.rstrip() }}]", '[x|x |  x]'],
    ["{{ 'xxhixx'.strip('x') }}", 'hi'],
    // Python booleans print as True / False (outputs from Jinja2 3.1).
    ["{{ 'stg_orders'.startswith('stg_') }} {{ 'stg_orders'.endswith(('_x', '_orders')) }}", 'True True'],
    ["{{ 'order id'.title() }} {{ 'oRDER'.capitalize() }}", 'Order Id Order'],
    [
      "{{ '{}.{}'.format('raw', 'orders') }} {{ '{1}-{0}'.format('a', 'b') }} {{ '{t}!'.format(t='x') }} {{ '{{}}'.format() }}",
      'raw.orders b-a x! {}',
    ],
    ["{{ ', '.join(['a', 'b', 'c']) }}", 'a, b, c'],
    ["{{ 'abcb'.find('b') }} {{ 'abcb'.count('b') }} {{ '123'.isdigit() }}", '1 2 True'],
    // Python replaces every occurrence; JavaScript's String#replace only the first.
    ["{{ 'a_b_c'.replace('_', '.') }} {{ 'a_b_c'.replace('_', '.', 1) }}", 'a.b.c a.b_c'],
    [
      "{{ ' a  b '.split() | join('|') }} {{ 'a,b,c'.split(',', 1) | join('|') }} {{ 'a,b'.split(',') | length }}",
      'a|b a|b,c 2',
    ],
  ];
  it.each(cases)('%s', (src, expected) => {
    expect(render(src)).toBe(expected);
  });
});

describe('indexes and slices as in Python', () => {
  it('negative indexes count from the end', () => {
    expect(render("{{ ['a', 'b', 'c'][-1] }} {{ 'raw.orders'.split('.')[-1] }} {{ 'xyz'[-2] }}")).toBe('c orders y');
  });

  it('a string slice is a string; a list slice a list', () => {
    expect(render("{{ 'abcdef'[1:3] }} {{ 'abcdef'[:2] }} {{ 'abcdef'[-2:] }}")).toBe('bc ab ef');
    expect(render("{{ [1, 2, 3, 4][1:] | join(',') }}")).toBe('2,3,4');
  });
});

describe('map, selectattr, rejectattr and the in test', () => {
  const cols =
    "{% set cols = [{'name': 'id', 'type': 'int'}, {'name': 'name', 'type': 'text'}, {'name': 'amount', 'type': 'int'}] %}";

  it('map(attribute=…) and map(filter)', () => {
    expect(render(`${cols}{{ cols | map(attribute='name') | join(', ') }}`)).toBe('id, name, amount');
    expect(render(`{{ ['a', 'b'] | map('upper') | join }} {{ [1, 2] | map('string') | join('+') }}`)).toBe('AB 1+2');
    expect(render(`{{ [{'a': {'b': 1} }] | map(attribute='a.b') | join }}`)).toBe('1');
  });

  it('selectattr / rejectattr with and without a test', () => {
    expect(render(`${cols}{{ cols | selectattr('type', 'equalto', 'int') | map(attribute='name') | join(',') }}`)).toBe(
      'id,amount',
    );
    expect(
      render(`${cols}{{ cols | rejectattr('name', 'in', ['id', 'amount']) | map(attribute='name') | join(',') }}`),
    ).toBe('name');
    expect(render("{{ [{'k': 0}, {'k': 2}] | selectattr('k') | map(attribute='k') | join }}")).toBe('2');
  });

  it('the in test, for select / reject', () => {
    expect(
      render(
        "{{ ['a', 'q', 'b'] | select('in', ['a', 'b']) | join }} {{ ['x', 'k'] | reject('in', {'k': 1}) " +
          "| join }} {{ ['z', 'w'] | select('in', 'xyz') | join }}",
      ),
    ).toBe('ab x z');
  });
});

describe('namespace() and {% set ns.attr = … %}', () => {
  it('keeps a value across loop iterations', () => {
    expect(
      render(
        '{% set ns = namespace(total=0) %}{% for i in [1, 2, 3] %}{% set ns.total = ns.total + i %}{% endfor %}{{ ns.total }}',
      ),
    ).toBe('6');
    expect(
      render("{% set ns = namespace({'seen': 'no'}) %}{% if true %}{% set ns.seen = 'yes' %}{% endif %}{{ ns.seen }}"),
    ).toBe('yes');
  });

  it('works inside a project macro', () => {
    expect(render("select {{ column_list(['ID', 'Name']) }} from t")).toBe('select id, name from t');
  });

  it('setting an attribute of anything else is a template error with the line', () => {
    let caught: unknown;
    try {
      render('select 1\n{% set d = {} %}\n{% set d.x = 1 %}');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TsmodelError);
    expect((caught as TsmodelError).message).toContain('cannot assign attribute on non-namespace object');
    expect((caught as TsmodelError).location).toEqual(expect.objectContaining({ file: 'models/t.sql', line: 3 }));
  });
});

describe('run_started_at', () => {
  it('prints as its ISO timestamp and has strftime / isoformat / parts, in UTC', () => {
    expect(render('{{ run_started_at }}')).toBe('2024-03-05T07:08:09.123Z');
    expect(render("{{ run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f %j %y %%') }}")).toBe(
      '2024-03-05 07:08:09.123000 065 24 %',
    );
    expect(render('{{ run_started_at.isoformat() }}')).toBe('2024-03-05T07:08:09.123000+00:00');
    expect(render('{{ run_started_at.year }}-{{ run_started_at.month }}-{{ run_started_at.day }}')).toBe('2024-3-5');
    expect(String(new TemplateDateTime('2024-12-31T23:59:59Z').strftime('%j'))).toBe('366');
  });
});
