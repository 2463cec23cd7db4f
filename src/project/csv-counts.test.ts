import { describe, expect, it } from 'vitest';
import { CsvNullCounter, type CsvCountFormat } from './csv-counts.js';

const CSV: CsvCountFormat = { delimiter: ',', quote: '"', null: '', header: true };

function count(text: string | Buffer, fmt: CsvCountFormat, columns: number, cuts: number[] = []) {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const counter = new CsvNullCounter(fmt, columns);
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    counter.feed(bytes.subarray(at, cut));
    at = cut;
  }
  return counter.finish();
}

/** Every way of cutting the bytes in two and in three gives the same counts as one chunk. */
function expectSameForEveryCut(text: string, fmt: CsvCountFormat, columns: number) {
  const whole = count(text, fmt, columns);
  const n = Buffer.byteLength(text);
  for (let i = 0; i <= n; i++) {
    expect(count(text, fmt, columns, [i]), `cut at ${i}`).toEqual(whole);
    for (let j = i; j <= n; j += 3) expect(count(text, fmt, columns, [i, j]), `cuts at ${i}, ${j}`).toEqual(whole);
  }
  return whole;
}

describe('CsvNullCounter (COPY … format csv)', () => {
  it('counts unquoted empty fields as NULL, quoted empty ones as text', () => {
    const text = 'a,b,c\n1,,x\n"",2,\n,,\n';
    expect(expectSameForEveryCut(text, CSV, 3)).toEqual({ records: 3, nulls: [1, 2, 2] });
  });

  it('reads quoted delimiters, escaped quotes and newlines inside quotes as data', () => {
    const text = 'a,b\n"x, ""y""\nz",\n"",""""\nq"r",s\n';
    expect(expectSameForEveryCut(text, CSV, 2)).toEqual({ records: 3, nulls: [0, 1] });
  });

  it('ends records at LF, CRLF and CR, and counts a last record without a newline', () => {
    expect(expectSameForEveryCut('a,b\r\n1,\r\n,2', CSV, 2)).toEqual({ records: 2, nulls: [1, 1] });
    expect(expectSameForEveryCut('a,b\r1,\r,2\r', CSV, 2)).toEqual({ records: 2, nulls: [1, 1] });
    expect(count('a,b\n1,2\n', CSV, 2)).toEqual({ records: 1, nulls: [0, 0] });
  });

  it('counts an empty line as one NULL field, as COPY reads it', () => {
    expect(expectSameForEveryCut('a\n1\n\n2\n', CSV, 1)).toEqual({ records: 3, nulls: [1] });
  });

  it('matches a NULL string exactly, unquoted only', () => {
    const fmt = { ...CSV, null: 'NA' };
    const text = 'a,b\nNA,"NA"\nNAN,N\n,NA\n N A,NA\n';
    expect(expectSameForEveryCut(text, fmt, 2)).toEqual({ records: 4, nulls: [1, 2] });
  });

  it('follows the delimiter, the quote and the header settings', () => {
    const fmt = { delimiter: ';', quote: "'", null: '', header: false };
    expect(expectSameForEveryCut("1;'';\n;'a;b';x\n", fmt, 3)).toEqual({ records: 2, nulls: [1, 0, 1] });
  });

  it('counts multi-byte text byte for byte (UTF-8 NULL strings)', () => {
    const fmt = { ...CSV, null: 'ø' };
    expect(expectSameForEveryCut('a,b\nø,Zoë\nø,ø\n', fmt, 2)).toEqual({ records: 2, nulls: [2, 1] });
  });

  it('counts a header-only file as no records', () => {
    expect(count('a,b\n', CSV, 2)).toEqual({ records: 0, nulls: [0, 0] });
    expect(count('a,b', CSV, 2)).toEqual({ records: 0, nulls: [0, 0] });
    expect(count('', { ...CSV, header: false }, 2)).toEqual({ records: 0, nulls: [0, 0] });
  });
});
