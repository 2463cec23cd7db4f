import { describe, expect, it } from 'vitest';
import { leadingComment } from './panels.js';
import { cell, toCsv } from './values.js';

describe('cell', () => {
  it('turns numeric types into numbers, whichever form the driver returns', () => {
    expect(cell('12447.61', 1700)).toBe(12447.61);
    expect(cell(12n, 20)).toBe(12);
    expect(cell('9007199254740993', 20)).toBe('9007199254740993');
    expect(cell(3, 23)).toBe(3);
    expect(cell(null, 1700)).toBeNull();
  });

  it('writes dates as days and timestamps as ISO text', () => {
    expect(cell(new Date(2024, 0, 31), 1082)).toBe('2024-01-31');
    expect(cell(new Date(Date.UTC(2024, 0, 31)), 1082)).toBe('2024-01-31');
    expect(cell(new Date(Date.UTC(2024, 0, 31, 10, 30)), 1114)).toBe('2024-01-31T10:30:00.000Z');
    expect(cell(true, 16)).toBe(true);
    expect(cell({ a: 1 }, 3802)).toBe('{"a":1}');
  });
});

describe('toCsv', () => {
  it('writes RFC 4180: a header, quoted fields where needed, empty NULLs, CRLF', () => {
    const csv = toCsv(
      ['name', 'n', 'note'],
      [
        { name: 'plain', n: 1, note: null },
        { name: 'Comma, Inc.', n: 2.5, note: 'say "hi"\nthen go' },
        { name: ' padded ', n: null, note: '' },
      ],
    );
    expect(csv).toBe('name,n,note\r\nplain,1,\r\n"Comma, Inc.",2.5,"say ""hi""\nthen go"\r\n" padded ",,\r\n');
  });
});

it('describes an analysis by its leading comment', () => {
  expect(leadingComment('-- Dashboard: KPI overview. Revenue,\n-- orders.\nselect 1')).toBe(
    'KPI overview. Revenue, orders.',
  );
  expect(leadingComment('select 1')).toBe('');
});
