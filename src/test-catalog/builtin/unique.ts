import type { BuiltinTest } from '../types.js';

/**
 * One row per duplicated value with its number of rows; failures count the
 * surplus rows (n − 1 per value), so 3 copies of a customer are 2 failures,
 * the number a deduplication would remove. NULLs are not compared.
 */
export const unique: BuiltinTest = {
  name: 'unique',
  dimension: 'uniqueness',
  needsColumn: true,
  failCalc: 'coalesce(sum(n_records - 1), 0)',
  macros: `{% test unique(model, column_name) %}
select {{ column_name }} as unique_field, count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
group by {{ column_name }}
having count(*) > 1
{% endtest %}
`,
};
