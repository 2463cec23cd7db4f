import type { BuiltinTest } from '../types.js';
import { isBlank } from './row-test.js';

const DATEPARTS = ['microsecond', 'millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'year'];

/**
 * dbt_utils.recency: the newest value of `field` (or the tested column) is
 * at most `interval` `datepart`s old. One table is evaluated.
 */
export const recency: BuiltinTest = {
  name: 'recency',
  dimension: 'completeness',
  needsColumn: false,
  required: ['datepart', 'interval', ['field', 'column_name']],
  evaluatedMacro: 'tsmodel_evaluated_one_table',
  macros: `{% test recency(model, column_name=none, field=none, datepart='day', interval=1) %}
{%- set f = field if field else column_name -%}
select max({{ f }}) as most_recent, now() - interval '{{ interval }} {{ datepart }}' as threshold
from {{ model }}
having max({{ f }}) is null or max({{ f }}) < now() - interval '{{ interval }} {{ datepart }}'
{% endtest %}
`,
  check: (args) => {
    if (!DATEPARTS.includes(String(args.datepart).toLowerCase().replace(/s$/, '')))
      return `datepart: must be one of ${DATEPARTS.join(', ')}`;
    if (isBlank(args.interval) || !Number.isFinite(Number(args.interval)))
      return 'interval: must be a number, e.g. interval: 1';
    return undefined;
  },
};
