import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv, sampleCsv, type CsvFormat } from './csv.js';

/**
 * sampleCsv decodes and parses the start of a file in growing windows (256 KB, 1 MB, 4 MB) until it has its
 * records: the sample must be what parsing all of the first 4 MB gives, wherever a window cuts a record.
 */
const dir = mkdtempSync(join(tmpdir(), 'tsmodel-csv-sample-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fmt: CsvFormat = { delimiter: ',', quote: '"' };

function whole(text: string, maxRows: number, maxBytes = 4 * 1024 * 1024) {
  const bytes = Buffer.from(text).subarray(0, maxBytes);
  const complete = bytes.length === Buffer.byteLength(text);
  const records = parseCsv(bytes.toString('utf8'), fmt, complete, maxRows + 1).filter(
    (r) => !(r.length === 1 && r[0] === ''),
  );
  return { header: records[0], rows: records.slice(1, maxRows + 1) };
}

describe('sampleCsv', () => {
  // Long records with quoted newlines, doubled quotes, CRLFs, blank lines and multi-byte characters, so the windows'
  // edges fall inside quoted fields and characters.
  const record = (i: number) =>
    i % 11 === 0
      ? `${i},"Zoë ""${i}""\r\nsecond line ${'é'.repeat(i % 40)}",${'x'.repeat(i % 300)}\r\n`
      : i % 13 === 0
        ? '\n'
        : `${i},plain ${i},${'ü'.repeat(i % 200)}\n`;
  const text = `id,name,pad\n${Array.from({ length: 40_000 }, (_v, i) => record(i)).join('')}`;

  it.each([
    ['10,000 records within the first window or two', 10_000],
    ['more records than 4 MB holds', 100_000],
    ['the header only', 0],
  ])('gives the records parsing the whole start gives: %s', (_what, maxRows) => {
    const file = join(dir, `sample-${maxRows}.csv`);
    writeFileSync(file, `\ufeff${text}`);
    expect(Buffer.byteLength(text)).toBeGreaterThan(4 * 1024 * 1024);
    const sample = sampleCsv(file, fmt, maxRows);
    expect(sample.hasBom).toBe(true);
    expect(sample.validUtf8).toBe(true);
    expect({ header: sample.header, rows: sample.rows }).toEqual(whole(text, maxRows, 4 * 1024 * 1024 - 3));
  });

  it('finds bytes that are not UTF-8 anywhere in the first 4 MB, past the windows it parsed', () => {
    const file = join(dir, 'latin1.csv');
    const bytes = Buffer.from(text);
    bytes[3 * 1024 * 1024] = 0xff;
    writeFileSync(file, bytes);
    const sample = sampleCsv(file, fmt);
    expect(sample.rows).toHaveLength(10_000);
    expect(sample.validUtf8).toBe(false);
  });
});
