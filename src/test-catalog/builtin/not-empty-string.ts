import type { BuiltinTest } from '../types.js';
import { rowTestMacros } from './row-test.js';

/** dbt_utils.not_empty_string: '' (or only spaces, with trim_whitespace) fails; NULL is not_null's business. */
export const notEmptyString: BuiltinTest = {
  name: 'not_empty_string',
  dimension: 'validity',
  needsColumn: true,
  ...rowTestMacros(
    'not_empty_string',
    [{ name: 'column_name' }, { name: 'trim_whitespace', default: 'true' }],
    `{% if trim_whitespace %}trim({{ column_name }}){% else %}{{ column_name }}{% endif %} = ''`,
  ),
};
