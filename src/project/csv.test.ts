import { describe, expect, it } from 'vitest';
import { parseCsv, type CsvFormat } from './csv.js';

/** The parser as first written, one character at a time: the reference the faster one must agree with. */
function reference(text: string, fmt: CsvFormat, complete = true): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch !== fmt.quote) field += ch;
      else if (text[i + 1] === fmt.quote) field += text[i++];
      else inQuotes = false;
    } else if (ch === fmt.quote) inQuotes = true;
    else if (ch === fmt.delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (complete && !inQuotes && (field !== '' || row.length > 0)) rows.push([...row, field]);
  return rows;
}

/** Deterministic pseudo-random CSV-ish text over the characters that matter. */
function randomText(seed: number, length: number): string {
  const alphabet = ['a', 'b', 'é', ',', ';', '"', "'", '\n', '\r', ' ', 'NA'];
  let x = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += alphabet[x % alphabet.length];
  }
  return out;
}

describe('parseCsv', () => {
  it('agrees with the character-by-character reference on 2,000 random texts, complete or cut', () => {
    for (let seed = 1; seed <= 1000; seed++) {
      const text = randomText(seed, 1 + (seed % 60));
      for (const fmt of [
        { delimiter: ',', quote: '"' },
        { delimiter: ';', quote: "'" },
      ])
        for (const complete of [true, false])
          expect(parseCsv(text, fmt, complete), JSON.stringify({ text, fmt, complete })).toEqual(
            reference(text, fmt, complete),
          );
    }
  });

  it('stops after `limit` records, blank lines not counted', () => {
    const fmt = { delimiter: ',', quote: '"' };
    expect(parseCsv('a,b\n\n1,"x\ny"\n2,z\n3,w\n', fmt, true, 2)).toEqual([['a', 'b'], [''], ['1', 'x\ny']]);
  });
});
