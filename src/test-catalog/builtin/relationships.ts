import type { BuiltinTest } from '../types.js';

/** Each row whose (non-NULL) key has no match in `to`.`field` fails: an orphan foreign key. */
export const relationships: BuiltinTest = {
  name: 'relationships',
  dimension: 'referential_integrity',
  needsColumn: true,
  required: ['to', 'field'],
  macros: `{% test relationships(model, column_name, to, field) %}
with child as (
  select * from {{ model }}
),
parent as (
  select {{ field }} as tsmodel_parent_key from {{ to }}
)
select *
from child
where {{ column_name }} is not null
  and not exists (select 1 from parent where parent.tsmodel_parent_key = {{ column_name }})
{% endtest %}
`,
};
