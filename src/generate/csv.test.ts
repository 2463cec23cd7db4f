import { afterAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CsvWriter, escapeField, formatRow, parseCsv } from './csv.js';
import { removeDir, tempDir } from './test-support/files.js';

const AWKWARD: string[][] = [
  ['plain', 'with, comma', 'with "quotes"', '"starts and ends"'],
  ['line\nbreak', 'carriage\r\nreturn', '', 'trailing space '],
  ['ünïcødé — 東京 🚀', 'Ÿ,"mixed"\n', ',', '"'],
  ['', '', '', ''],
];

describe('csv', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await removeDir(d);
  });

  it('quotes only what RFC 4180 requires and doubles inner quotes', () => {
    expect(escapeField('abc')).toBe('abc');
    expect(escapeField('')).toBe('');
    expect(escapeField('a,b')).toBe('"a,b"');
    expect(escapeField('say "hi"')).toBe('"say ""hi"""');
    expect(escapeField('a\nb')).toBe('"a\nb"');
    expect(escapeField('a\rb')).toBe('"a\rb"');
    expect(escapeField(' spaced ')).toBe(' spaced ');
    expect(formatRow(['x', 'y,z', ''])).toBe('x,"y,z",\n');
  });

  it('round-trips awkward values through the streaming writer', async () => {
    const dir = await tempDir('csv');
    dirs.push(dir);
    const path = join(dir, 'awkward.csv');
    const w = new CsvWriter(path, ['a', 'b', 'c', 'd']);
    for (const row of AWKWARD) await w.write(row);
    await w.close();
    const bytes = await readFile(path);
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false); // no BOM
    const text = bytes.toString('utf8');
    expect(text.startsWith('a,b,c,d\n')).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
    expect(parseCsv(text)).toEqual([['a', 'b', 'c', 'd'], ...AWKWARD]);
  });

  it('streams many rows through backpressure without losing any', async () => {
    const dir = await tempDir('csv-big');
    dirs.push(dir);
    const path = join(dir, 'big.csv');
    const w = new CsvWriter(path, ['n', 'text']);
    for (let i = 0; i < 200_000; i++) {
      const p = w.write([String(i), i % 7 === 0 ? `row "${i}", seven` : `row ${i}`]);
      if (p) await p;
    }
    await w.close();
    const rows = parseCsv(await readFile(path, 'utf8'));
    expect(rows).toHaveLength(200_001);
    expect(rows[1]).toEqual(['0', 'row "0", seven']);
    expect(rows[200_000]).toEqual(['199999', 'row 199999']);
  });

  it('reports a write failure instead of hanging', async () => {
    const w = new CsvWriter('/nonexistent-dir/for/sure/x.csv', ['a']);
    await expect(w.close()).rejects.toThrow(/ENOENT/);
  });
});
