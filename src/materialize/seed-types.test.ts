import { describe, expect, it } from 'vitest';
import { inferType, seedColumns } from './seed-types.js';
import { normalizeType } from './seed.js';

describe('inferType', () => {
  const cases: [string[], string][] = [
    [['1', '-2', '+30'], 'integer'],
    [['1', '12345678901'], 'bigint'],
    [['1', '2.5', '1e3'], 'numeric'],
    [['2024-01-31', ''], 'date'],
    [['2024-02-30'], 'text'],
    [['2024-01-31 10:00:00', '2024-01-31T10:00'], 'timestamp'],
    [['2024-01-31 10:00:00+02'], 'timestamptz'],
    [['true', 'False', 'yes'], 'boolean'],
    [['1', 'x'], 'text'],
    [['', ''], 'text'],
    [['CUST0001'], 'text'],
    [['not a date', '2024-01-01'], 'text'],
  ];
  it.each(cases)('%j → %s', (values, type) => expect(inferType(values)).toBe(type));

  it('lets configured column_types win over inference', () => {
    expect(seedColumns(['id', 'price'], [['1', '2.5']], { price: 'numeric(10,2)' }, '')).toEqual([
      { name: 'id', type: 'integer' },
      { name: 'price', type: 'numeric(10,2)' },
    ]);
  });

  it('spells types as format_type does', () => {
    expect(normalizeType('VARCHAR(50)')).toBe('character varying(50)');
    expect(normalizeType('timestamptz')).toBe('timestamp with time zone');
    expect(normalizeType('numeric(10, 2)')).toBe('numeric(10,2)');
    expect(normalizeType('int8')).toBe('bigint');
  });
});
