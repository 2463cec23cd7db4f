import type { BuiltinTest } from '../types.js';
import { rowTestMacros } from './row-test.js';

/** Each row whose value is outside the list fails (NULL passes, as in dbt). */
export const acceptedValues: BuiltinTest = {
  name: 'accepted_values',
  dimension: 'validity',
  needsColumn: true,
  required: ['values'],
  ...rowTestMacros(
    'accepted_values',
    [{ name: 'column_name' }, { name: 'values' }, { name: 'quote', default: 'true' }],
    `{{ column_name }} not in ({% for v in values %}{% if quote %}'{{ v | string | replace("'", ` +
      `"''") }}'{% else %}{{ v }}{% endif %}{% if not loop.last %}, {% endif %}{% endfor %})`,
  ),
  check: (args) =>
    Array.isArray(args.values) && args.values.length > 0
      ? undefined
      : 'values: must be a non-empty list, e.g. values: [placed, shipped]',
};
