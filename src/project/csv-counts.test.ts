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

  it('agrees with counts known by construction on random files cut at random places', () => {
    let seed = 20;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    for (let round = 0; round < 200; round++) {
      const fmt = {
        delimiter: pick([',', ';']),
        quote: pick(['"', "'"]),
        null: pick(['', 'NA', 'ø', '\\N']),
        header: rand() < 0.5,
      };
      const columns = 2 + Math.floor(rand() * 4);
      const { delimiter: d, quote: q } = fmt;
      const nulls = new Array<number>(columns).fill(0);
      const plain = ['x', 'abc', 'N', 'NAN', 'o', 'Zoë', '12.5', ' '].filter((t) => t !== fmt.null && !t.includes(q));
      const field = (col: number, counted: boolean): string => {
        const kind = rand();
        if (kind < 0.3) {
          if (counted) nulls[col]!++;
          return fmt.null;
        }
        if (kind < 0.4) return q + q; // quoted empty: text
        if (kind < 0.5) return q + fmt.null + q; // the NULL string quoted: text
        if (kind < 0.65) return `${q}a${d}b${q}${q}\n${pick(['\n', '\r\n', '\r'])}c${q}`;
        if (kind < 0.7) return `${pick(plain)}${q}z${q}`; // a quote after text: text
        return pick(plain);
      };
      const rows = Math.floor(rand() * 30);
      let text = '';
      const lines = rows + (fmt.header ? 1 : 0);
      for (let r = 0; r < lines; r++) {
        const counted = !(fmt.header && r === 0);
        text += Array.from({ length: columns }, (_x, c) => field(c, counted)).join(d);
        if (r < lines - 1 || rand() < 0.7) text += pick(['\n', '\r\n', '\r']);
      }
      const bytes = Buffer.from(text);
      const cuts = Array.from({ length: Math.floor(rand() * 6) }, () => Math.floor(rand() * (bytes.length + 1)));
      const got = count(
        bytes,
        fmt,
        columns,
        cuts.sort((a, b) => a - b),
      );
      expect(got, JSON.stringify({ fmt, text, cuts })).toEqual({ records: rows, nulls });
    }
  });
});
