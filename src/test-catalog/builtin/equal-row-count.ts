import type { BuiltinTest } from '../types.js';

/**
 * dbt_utils.equal_rowcount: the model and `compare` have as many rows.
 * Failures are the difference, evaluated the larger count.
 */
export const equalRowCount: BuiltinTest = {
  name: 'equal_row_count',
  aliases: ['equal_rowcount'],
  dimension: 'consistency',
  needsColumn: false,
  argAliases: { compare_model: 'compare' },
  required: ['compare'],
  failCalc: 'coalesce(sum(diff_count), 0)',
  evaluatedMacro: 'tsmodel_evaluated_equal_row_count',
  macros: `{% test equal_row_count(model, compare) %}
with a as (select count(*) as n from {{ model }}),
b as (select count(*) as n from {{ compare }})
select a.n as model_rows, b.n as compare_rows, abs(a.n - b.n) as diff_count
from a cross join b
where a.n <> b.n
{% endtest %}

{% macro tsmodel_evaluated_equal_row_count(model, compare) -%}
{%- do kwargs -%}
select greatest((select count(*) from {{ model }}), (select count(*) from {{ compare }}))
{%- endmacro %}
`,
};
