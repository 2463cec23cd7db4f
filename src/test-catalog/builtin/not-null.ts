import type { BuiltinTest } from '../types.js';
import { rowTestMacros } from './row-test.js';

export const notNull: BuiltinTest = {
  name: 'not_null',
  dimension: 'completeness',
  needsColumn: true,
  ...rowTestMacros('not_null', [{ name: 'column_name' }], '{{ column_name }} is null'),
};
