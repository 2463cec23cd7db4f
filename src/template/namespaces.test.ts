import { describe, expect, it } from 'vitest';
import { TsmodelError } from '../errors/index.js';
import { modelContext } from './test-support/model-context.js';
import { Renderer, type MacroFile } from './renderer.js';

function ctx(renderer: Renderer, pkg = 'shop', type = 'postgres') {
  return modelContext(renderer, { pkg, type, isIncremental: true });
}

const pkg = (path: string, source: string, name = 'utils'): MacroFile => ({
  path,
  source,
  builtin: true,
  package: name,
});
const own = (path: string, source: string): MacroFile => ({ path, source, builtin: false });
const lib = (path: string, source: string): MacroFile => ({ path, source, builtin: true });

const files: MacroFile[] = [
  lib('<builtin>/lib.sql', `{% macro greet() %}dbt{% endmacro %}{% macro default__width() %}lib{% endmacro %}`),
  pkg(
    'dbt_packages/utils/macros/a.sql',
    `{% macro shout(x) %}{{ helper(x) | upper }}{% endmacro %}
{% macro width() %}{{ return(adapter.dispatch('width', 'utils')()) }}{% endmacro %}
{% macro default__width() %}utils-default{% endmacro %}
{% macro who() %}utils{% endmacro %}
{% macro calls_who() %}{{ who() }}{% endmacro %}
{% macro greet() %}utils-greet{% endmacro %}`,
  ),
  pkg('dbt_packages/utils/macros/b.sql', `{% macro helper(x) %}<{{ x }}>{% endmacro %}`),
  pkg('dbt_packages/other/macros/a.sql', `{% macro helper(x) %}other{% endmacro %}`, 'other'),
  own('macros/mine.sql', `{% macro local_one() %}root{% endmacro %}{% macro who() %}root-who{% endmacro %}`),
];

describe('macro namespaces', () => {
  const r = new Renderer(files, { project: 'shop' });

  it('a package is a namespace; the same name in two packages is fine', () => {
    expect(r.errors).toEqual([]);
    expect(r.render('m.sql', `{{ utils.shout('a') }} {{ other.helper(1) }}`, ctx(r))).toBe('<A> other');
  });

  it('a package macro finds its sibling unqualified (in its own package, not another one)', () => {
    expect(r.render('m.sql', `{{ utils.shout('b') }}`, ctx(r))).toBe('<B>');
  });

  it('the root project comes first: its macro overrides a package macro called unqualified inside it', () => {
    expect(r.render('m.sql', `{{ utils.calls_who() }}`, ctx(r))).toBe('root-who');
  });

  it("while rendering a package's node, its own macros come before the root project's (dbt's local namespace)", () => {
    expect(r.render('m.sql', `{{ who() }} {{ utils.calls_who() }}`, ctx(r, 'utils'))).toBe('utils utils');
    expect(r.render('m.sql', `{{ who() }}`, ctx(r))).toBe('root-who');
  });

  it('the root project is a namespace under its own name, dbt is the built-in library', () => {
    expect(r.render('m.sql', `{{ shop.local_one() }} {{ dbt.greet() }} {{ greet() }}`, ctx(r))).toBe('root dbt dbt');
  });

  it("a package's node sees its package's macros before the built-ins", () => {
    expect(r.render('m.sql', `{{ greet() }}`, ctx(r, 'utils'))).toBe('utils-greet');
  });

  it('dbt.is_incremental is the context function', () => {
    expect(r.render('m.sql', `{{ dbt.is_incremental() }}`, ctx(r))).toBe('True');
  });

  it('callMacro takes a namespaced name', () => {
    expect(r.callMacro('utils.who', [], ctx(r), { file: 'x' })).toBe('utils');
  });

  it('a macro defined twice in one package is an error naming both files', () => {
    const dup = new Renderer([
      pkg('p/a.sql', `{% macro x() %}{% endmacro %}`),
      pkg('p/b.sql', `\n{% macro x() %}{% endmacro %}`),
    ]);
    expect(dup.errors).toHaveLength(1);
    expect(dup.errors[0]!.message).toMatch(/'x' is defined twice in package utils: in p\/a.sql and in p\/b.sql/);
    expect(dup.errors[0]!.location).toEqual({ file: 'p/b.sql', line: 2 });
  });
});

describe('adapter.dispatch', () => {
  it('searches the root project, then the namespace: postgres__ then default__', () => {
    const r = new Renderer(files, { project: 'shop' });
    expect(r.render('m.sql', `{{ utils.width() }}`, ctx(r))).toBe('utils-default');
    const withRoot = new Renderer(
      [...files, own('macros/w.sql', `{% macro postgres__width() %}root-pg{% endmacro %}`)],
      {
        project: 'shop',
      },
    );
    expect(withRoot.render('m.sql', `{{ utils.width() }}`, ctx(withRoot))).toBe('root-pg');
  });

  it('PGlite dispatches as PostgreSQL; Citus tries citus__ first', () => {
    const r = new Renderer(
      [
        ...files,
        pkg(
          'dbt_packages/utils/macros/c.sql',
          `{% macro postgres__width() %}pg{% endmacro %}{% macro citus__width() %}citus{% endmacro %}`,
        ),
      ],
      { project: 'shop' },
    );
    expect(r.render('m.sql', `{{ utils.width() }}`, ctx(r, 'shop', 'pglite'))).toBe('pg');
    expect(r.render('m.sql', `{{ utils.width() }}`, ctx(r, 'shop', 'citus'))).toBe('citus');
  });

  it("follows the project's dispatch: search_order", () => {
    const r = new Renderer(files, {
      project: 'shop',
      dispatch: [{ macro_namespace: 'utils', search_order: ['dbt', 'utils'] }],
    });
    expect(r.render('m.sql', `{{ utils.width() }}`, ctx(r))).toBe('lib');
  });

  it('without a namespace searches like an unqualified call', () => {
    const r = new Renderer(files, { project: 'shop' });
    expect(r.render('m.sql', `{{ adapter.dispatch('width')() }}`, ctx(r))).toBe('lib');
  });

  it('an unknown macro is an error naming what was searched', () => {
    const r = new Renderer(files, { project: 'shop' });
    let caught: unknown;
    try {
      r.render('models/m.sql', `select\n{{ adapter.dispatch('nope', 'utils')() }}`, ctx(r));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TsmodelError);
    const e = caught as TsmodelError;
    expect(e.message).toContain(
      "adapter.dispatch('nope', 'utils') found no macro; searched shop.postgres__nope, " +
        'shop.default__nope, utils.postgres__nope, utils.default__nope',
    );
    expect(e.location).toEqual({ file: 'models/m.sql', line: 2 });
  });
});

describe('materialization blocks', () => {
  it('parse as macros named materialization_<name>_<adapter>', () => {
    const r = new Renderer([
      own(
        'macros/mat.sql',
        `{% materialization my_table, adapter='postgres' %}{{ return({'relations': []}) }}{% endmaterialization %}
{%- materialization my_view, default -%}x{%- endmaterialization -%}`,
      ),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.macros.get('materialization_my_table_postgres')?.line).toBe(1);
    expect(r.macros.get('materialization_my_view_default')?.line).toBe(2);
  });
});

describe('context objects packages read', () => {
  const r = new Renderer(files, { project: 'shop' });

  it('context is a mapping of what the render sees', () => {
    expect(
      r.render(
        'm.sql',
        `{{ context['utils'].who() }} {{ 'shout' in context['utils'] }} {{ context.get('nope') }}`,
        ctx(r),
      ),
    ).toBe('utils True None');
  });

  it('builtins, flags, graph, project_name and modules.pytz', () => {
    const out = r.render(
      'm.sql',
      `{{ builtins.ref('a') }} {{ flags.WHICH }} {{ flags.FULL_REFRESH }} {{ graph.nodes | length }} ` +
        `{{ project_name }} {{ modules.pytz.timezone('Europe/Paris').zone }} {{ modules.pytz.utc }}`,
      ctx(r, 'utils'),
    );
    expect(out).toBe('"main"."a" run False 0 shop Europe/Paris UTC');
  });

  it('an unknown time zone and an aware datetime are errors, never a silently naive value', () => {
    expect(() => r.render('m.sql', `{{ modules.pytz.timezone('Mars/Olympus') }}`, ctx(r))).toThrow(
      /UnknownTimeZoneError/,
    );
    expect(() => r.render('m.sql', `{{ modules.pytz.utc.localize(1) }}`, ctx(r))).toThrow(
      /not supported by tsmodel yet/,
    );
  });
});

describe('Python values packages rely on', () => {
  const r = new Renderer(files, { project: 'shop' });
  it('sets compare by content; a relation is a dict key by its text', () => {
    const src = `{{ set(['a', 'b']) == set(['b', 'a']) }} {{ set(['a']) != set(['b']) }}
{%- set d = {} %}{% do d.update({this: []}) %}{% do d[this].append(1) %} {{ d[this] }}`;
    expect(r.render('m.sql', src, ctx(r))).toBe('True True [1]');
  });

  it("map and select of none are empty, as Jinja's (dbt_utils.equality with no exclude_columns)", () => {
    const src = `{{ 'a' not in none | map('lower') }} {{ none | select | list }} {{ none | map(attribute='x') | list }}`;
    expect(r.render('m.sql', src, ctx(r))).toBe('True [] []');
  });
});
