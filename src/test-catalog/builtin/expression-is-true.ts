import type { BuiltinTest } from '../types.js';
import { isBlank, rowTestMacros } from './row-test.js';

/**
 * dbt_utils.expression_is_true: a row where the expression is false fails
 * (NULL passes). On a column, the column is written in front: `>= 0`.
 */
export const expressionIsTrue: BuiltinTest = {
  name: 'expression_is_true',
  dimension: 'consistency',
  needsColumn: false,
  required: ['expression'],
  ...rowTestMacros(
    'expression_is_true',
    [
      { name: 'column_name', default: 'none' },
      { name: 'expression', default: 'none' },
    ],
    `not ({% if column_name %}{{ column_name }} {% endif %}{{ expression }})`,
  ),
  check: (args) =>
    isBlank(args.expression) ? "expression: must be a SQL condition, e.g. expression: 'cost < price'" : undefined,
};
