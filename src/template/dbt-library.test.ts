import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import { BUILTIN_MACROS } from './builtin-macros.js';
import { modelContext } from './test-support/model-context.js';
import { Renderer } from './renderer.js';

/**
 * tsmodel's `dbt` macro library, rendered and executed: every case's SQL runs on PGlite and on PostgreSQL
 * and its value (as text) is compared with what dbt's macro gives on PostgreSQL.
 */

const renderer = new Renderer(BUILTIN_MACROS, { project: 'shop' });

function render(template: string, type: string): string {
  const context = modelContext(renderer, { type });
  return renderer.render('models/m.sql', template, context);
}

const D = (s: string) => `cast('${s}' as date)`;
const T = (s: string) => `cast('${s}' as timestamp)`;

/** [expression template, expected value as text] — the expression is selected as `(…)::text`. */
const VALUES: [string, string][] = [
  // date_trunc of a date is a timestamptz in PostgreSQL (as with dbt-postgres): compared as a date here
  [`cast({{ dbt.date_trunc('month', "${D('2024-05-17')}") }} as date)`, '2024-05-01'],
  [`{{ dbt.date_trunc('hour', "${T('2024-05-17 10:42')}") }}`, '2024-05-17 10:00:00'],
  [`{{ dbt.dateadd('day', 3, "${D('2024-02-27')}") }}`, '2024-03-01 00:00:00'],
  [`{{ dbt.dateadd('quarter', -1, "${D('2024-05-17')}") }}`, '2024-02-17 00:00:00'],
  [`{{ dbt.dateadd('hour', 2, "${T('2024-01-01 23:30')}") }}`, '2024-01-02 01:30:00'],
  [`{{ dbt.datediff("${D('2023-12-31')}", "${D('2024-01-01')}", 'year') }}`, '1'],
  [`{{ dbt.datediff("${D('2023-11-30')}", "${D('2024-02-01')}", 'quarter') }}`, '1'],
  [`{{ dbt.datediff("${D('2023-11-30')}", "${D('2024-02-01')}", 'month') }}`, '3'],
  [`{{ dbt.datediff("${D('2024-03-01')}", "${D('2024-02-01')}", 'day') }}`, '-29'],
  [`{{ dbt.datediff("${D('2024-01-06')}", "${D('2024-01-07')}", 'week') }}`, '1'],
  [`{{ dbt.datediff("${D('2024-01-07')}", "${D('2024-01-13')}", 'week') }}`, '0'],
  [`{{ dbt.datediff("${D('2024-01-07')}", "${D('2024-01-06')}", 'week') }}`, '-1'],
  [`{{ dbt.datediff("${T('2024-01-01 10:59')}", "${T('2024-01-01 11:00')}", 'hour') }}`, '1'],
  [`{{ dbt.datediff("${T('2024-01-01 10:59:59')}", "${T('2024-01-01 11:00:01')}", 'minute') }}`, '1'],
  [`{{ dbt.datediff("${T('2024-01-01 10:00:00.9')}", "${T('2024-01-01 10:00:02.1')}", 'second') }}`, '2'],
  [`{{ dbt.datediff("${T('2024-01-01 10:00:00.001')}", "${T('2024-01-01 10:00:01.002')}", 'millisecond') }}`, '1001'],
  [`{{ dbt.last_day("${D('2024-02-10')}", 'month') }}`, '2024-02-29'],
  [`{{ dbt.last_day("${D('2024-05-10')}", 'quarter') }}`, '2024-06-30'],
  [`{{ dbt.last_day("${D('2024-05-10')}", 'year') }}`, '2024-12-31'],
  [`{{ dbt.date(2024, 2, 29) }}`, '2024-02-29'],
  [`cast('42' as {{ dbt.type_string() }}) || 'x'`, '42x'],
  [`cast('42' as {{ dbt.type_int() }}) + 1`, '43'],
  [`cast('42' as {{ dbt.type_bigint() }}) * 10000000000`, '420000000000'],
  [`cast('1.5' as {{ dbt.type_numeric() }})`, '1.500000'],
  [`cast('0.25' as {{ dbt.type_float() }})`, '0.25'],
  [`cast('2024-01-02 03:04:05' as {{ dbt.type_timestamp() }})`, '2024-01-02 03:04:05'],
  [`cast('yes' as {{ dbt.type_boolean() }})`, 'true'],
  [`{{ dbt.safe_cast("'12'", dbt.type_int()) }}`, '12'],
  [`{{ dbt.cast("'12'", dbt.type_int()) }} + 1`, '13'],
  [`{{ dbt.cast_bool_to_text('1 = 1') }}`, 'true'],
  [`{{ dbt.concat(["'a'", "'b'", "'c'"]) }}`, 'abc'],
  [`{{ dbt.hash("'abc'") }}`, '900150983cd24fb0d6963f7d28e17f72'],
  [`{{ dbt.split_part("'a,b,c'", "','", 2) }}`, 'b'],
  [`{{ dbt.split_part("'a,b,c'", "','", -1) }}`, 'c'],
  [`{{ dbt.replace("'a-b-c'", "'-'", "'+'") }}`, 'a+b+c'],
  [`{{ dbt.right("'abcdef'", 2) }}`, 'ef'],
  [`{{ dbt.length("'abcdef'") }}`, '6'],
  [`{{ dbt.position("'c'", "'abcdef'") }}`, '3'],
  [`'{{ dbt.escape_single_quotes("it's") }}'`, "it's"],
  [`{{ dbt.string_literal('hello') }}`, 'hello'],
  [`{{ dbt.equals('null::int', 'null::int') }}`, 'true'],
  [`{{ dbt.array_construct(['1', '2']) }}`, '{1,2}'],
  [`{{ dbt.array_construct([], 'integer') }}`, '{}'],
  [`{{ dbt.array_append(dbt.array_construct(['1']), '2') }}`, '{1,2}'],
  [`{{ dbt.array_concat(dbt.array_construct(['1']), dbt.array_construct(['2', '3'])) }}`, '{1,2,3}'],
  [`{{ dbt.current_timestamp() }} <= now()`, 'true'],
  [`{{ dbt.current_timestamp_backcompat() }} is not null`, 'true'],
  [`{{ dbt.current_timestamp_in_utc_backcompat() }} is not null`, 'true'],
];

/** Whole queries: [query template, expected rows of the first column as text]. */
const QUERIES: [string, string[]][] = [
  [`select x from (values (1), (2)) as t(x) {{ dbt.except() }} select 2`, ['1']],
  [`select x from (values (1), (2)) as t(x) {{ dbt.intersect() }} select 2`, ['2']],
  [`select {{ dbt.bool_or('x > 1') }} from (values (1), (2)) as t(x)`, ['true']],
  [`select {{ dbt.any_value('x') }} from (values (5), (5)) as t(x)`, ['5']],
  [`select {{ dbt.listagg('x', "', '", 'order by x desc') }} from (values ('a'), ('b')) as t(x)`, ['b, a']],
  [`select {{ dbt.listagg('x', "'|'", 'order by x', 2) }} from (values ('a'), ('b'), ('c')) as t(x)`, ['a|b']],
  [`select generated_number from ({{ dbt.generate_series(3) }}) s order by 1`, ['1', '2', '3']],
  [`select {{ dbt.get_powers_of_two(5) }}`, ['3']],
  [
    `select date_day from ({{ dbt.date_spine('day', "${D('2024-02-27')}", "${D('2024-03-01')}") }}) s`,
    ['2024-02-27 00:00:00', '2024-02-28 00:00:00', '2024-02-29 00:00:00'],
  ],
];

describeEachDatabase('the dbt macro library on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db.dispose());

  it.each(VALUES)('%s', async (template, expected) => {
    const sql = `select (${render(template, kind === 'pglite' ? 'pglite' : 'postgres')})::text as v`;
    const result = await db.adapter().query(sql);
    expect(result.rows[0]!.v).toBe(expected);
  });

  it.each(QUERIES)('%s', async (template, expected) => {
    const result = await db.adapter().query(`select (v)::text as v from (${render(template, kind)}) as q(v)`);
    expect(result.rows.map((r) => r.v)).toEqual(expected);
  });
});

it('a root project overrides a library implementation through dispatch', () => {
  const r = new Renderer(
    [
      ...BUILTIN_MACROS,
      { path: 'macros/x.sql', builtin: false, source: `{% macro postgres__hash(f) %}sha({{ f }}){% endmacro %}` },
    ],
    { project: 'shop' },
  );
  expect(r.errors).toEqual([]);
  expect(r.render('m.sql', `{{ dbt.hash('c') }} {{ hash('c') }}`, adapterCtx(r))).toBe('sha(c) sha(c)');
});

function adapterCtx(r: Renderer) {
  return modelContext(r);
}
