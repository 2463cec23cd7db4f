import type { BuiltinTest } from '../types.js';
import { isBlank, rowTestMacros } from './row-test.js';

/** A value below min or above max fails (bounds included unless inclusive: false); NULL passes. */
export const acceptedRange: BuiltinTest = {
  name: 'accepted_range',
  dimension: 'validity',
  needsColumn: true,
  argAliases: { min_value: 'min', max_value: 'max' },
  required: [['min', 'max']],
  ...rowTestMacros(
    'accepted_range',
    [
      { name: 'column_name' },
      { name: 'min', default: 'none' },
      { name: 'max', default: 'none' },
      { name: 'inclusive', default: 'true' },
    ],
    `not ({% if min is not none %}{{ column_name }} {{ '>=' if inclusive else '>' }} {{ min }}{% endif %}` +
      `{% if min is not none and max is not none %} and {% endif %}` +
      `{% if max is not none %}{{ column_name }} {{ '<=' if inclusive else '<' }} {{ max }}{% endif %})`,
  ),
  check: (args) =>
    isBlank(args.min) && isBlank(args.max) ? 'give min, max or both, e.g. {min: 0, max: 100}' : undefined,
};
