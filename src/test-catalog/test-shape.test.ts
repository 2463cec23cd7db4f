import { describe, expect, it } from 'vitest';
import { Renderer, extendContext } from '../template/index.js';
import { testCall } from './test-call.js';
import { shapeValues, testCallShape } from './test-shape.js';

const MACROS = `{% macro get_where_subquery(relation) %}{{ relation }}{% endmacro %}
{% macro test_show(model) %}{{ model }}
{%- for k, v in kwargs | dictsort %}|{{ k }}={{ v }}:{{ v.__class__.__name__ }}{% endfor %}{% endmacro %}`;

const context = {
  ref: (name: unknown) => `ref<${String(name)}>`,
  source: (a: unknown, b: unknown) => `source<${String(a)}.${String(b)}>`,
};

describe('testCallShape: a test call with its literal arguments as variables', () => {
  const renderer = new Renderer([{ path: 'macros/m.sql', source: MACROS, builtin: false }]);
  const cases: Record<string, unknown>[] = [
    { column_name: 'id' },
    { column_name: 'id', values: ['placed', 'shipped', 3, 1.5, true, null], quote: false },
    { column_name: 'lower(status)', field: 'id', n: -2, flag: true, nothing: null },
  ];
  for (const kwargs of cases) {
    it(`renders as the call itself: ${JSON.stringify(kwargs)}`, () => {
      for (const target of [
        { kind: 'ref' as const, args: ['orders'], expr: 'get_where_subquery(ref("orders"))' },
        { kind: 'source' as const, args: ['raw', 'pay'], expr: 'get_where_subquery(source("raw", "pay"))' },
      ]) {
        const shape = testCallShape('test_show', target, kwargs)!;
        expect(shape).toBeDefined();
        const direct = renderer.render('a.yml#1', testCall('test_show', target.expr, kwargs), context);
        expect(renderer.renderShared('a.yml', shape.text, extendContext(context, shapeValues(shape)))).toBe(direct);
      }
    });
  }

  it('one text for every call of the same macro and argument names', () => {
    const a = testCallShape('test_show', { kind: 'ref', args: ['a'] }, { column_name: 'x', values: [1] })!;
    const b = testCallShape('test_show', { kind: 'ref', args: ['b'] }, { column_name: 'y', values: ['z'] })!;
    expect(a.text).toBe(b.text);
  });

  it('no shape when an argument is not a plain literal', () => {
    const ref = { kind: 'ref' as const, args: ['orders'] };
    for (const kwargs of [
      { to: "ref('customers')" },
      { v: '{{ var("x") }}' },
      { v: { a: 1 } },
      { v: 'it\'s a "quote"' },
      { v: 'line\nbreak' },
      { v: 1e21 },
      { v: [[1]] },
      { column_name: '"Quoted Col"' },
    ])
      expect(testCallShape('test_show', ref, kwargs)).toBeUndefined();
    expect(testCallShape('test_show', { kind: 'ref', args: ['a"b'] }, {})).toBeUndefined();
  });
});
