import type { BuiltinTest } from '../types.js';
import { isBlank } from './row-test.js';

/** The table's row count must lie within [min, max]. One table is evaluated: the test scores 0 or 100. */
export const rowCount: BuiltinTest = {
  name: 'row_count',
  aliases: ['expect_table_row_count_to_be_between'],
  dimension: 'completeness',
  needsColumn: false,
  argAliases: { min_value: 'min', max_value: 'max' },
  required: [['min', 'max']],
  evaluatedMacro: 'tsmodel_evaluated_one_table',
  macros: `{% test row_count(model, min=none, max=none) %}
select count(*) as row_count
from {{ model }}
having not ({% if min is not none %}count(*) >= {{ min }}{% endif %}
{%- if min is not none and max is not none %} and {% endif %}
{%- if max is not none %}count(*) <= {{ max }}{% endif %})
{% endtest %}
`,
  check: (args) => {
    if (isBlank(args.min) && isBlank(args.max)) return 'give min, max or both, e.g. {min: 1}';
    for (const k of ['min', 'max'])
      if (!isBlank(args[k]) && !Number.isFinite(Number(args[k]))) return `${k}: must be a number`;
    return undefined;
  },
};
