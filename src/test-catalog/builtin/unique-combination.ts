import type { BuiltinTest } from '../types.js';

/** dbt_utils.unique_combination_of_columns: failures are the surplus rows of each repeated combination. */
export const uniqueCombination: BuiltinTest = {
  name: 'unique_combination_of_columns',
  dimension: 'uniqueness',
  needsColumn: false,
  argAliases: { columns: 'combination_of_columns' },
  required: ['combination_of_columns'],
  failCalc: 'coalesce(sum(n_records - 1), 0)',
  macros: `{% test unique_combination_of_columns(model, combination_of_columns, quote_columns=false) %}
{%- set cols = [] -%}
{%- for c in combination_of_columns -%}{%- do cols.append(adapter.quote(c) if quote_columns else c) -%}{%- endfor -%}
select {{ cols | join(', ') }}, count(*) as n_records
from {{ model }}
group by {{ cols | join(', ') }}
having count(*) > 1
{% endtest %}
`,
  check: (args) =>
    Array.isArray(args.combination_of_columns) && args.combination_of_columns.length > 0
      ? undefined
      : 'combination_of_columns: must be a non-empty list of columns, e.g. [order_id, line_number]',
};
