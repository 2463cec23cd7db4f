import { isUtf8 } from 'node:buffer';
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { CsvFileStream } from './csv-file-stream.js';

export interface CsvFormat {
  delimiter: string;
  quote: string;
}

/**
 * Parses CSV text (RFC 4180) into rows; a last record cut off mid-way is dropped (for samples). With `limit`,
 * stops after that many records that are not blank lines (a sample reads no further than it keeps).
 */
export function parseCsv(text: string, fmt: CsvFormat, complete = true, limit = Infinity): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let i = 0;
  let kept = 0;
  // Text is taken in runs (slices) between special characters: one string per field, not one per character.
  let run = 0;
  const take = () => {
    if (i > run) field += text.slice(run, i);
  };
  const { delimiter: d, quote: q } = fmt;
  while (i < text.length) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === q) {
        take();
        if (text[i + 1] === q) {
          field += q;
          i += 2;
          run = i;
          continue;
        }
        inQuotes = false;
        run = i + 1;
      }
      i++;
      continue;
    }
    if (ch === q) {
      take();
      inQuotes = true;
      run = i + 1;
    } else if (ch === d) {
      take();
      row.push(field);
      field = '';
      run = i + 1;
    } else if (ch === '\n' || ch === '\r') {
      take();
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      if (!(row.length === 1 && field === '') && ++kept >= limit) return rows;
      row = [];
      field = '';
      run = i + 1;
    }
    i++;
  }
  take();
  if (complete && !inQuotes && (field !== '' || row.length > 0)) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface CsvSample {
  /** The file has no bytes at all. */
  empty: boolean;
  /** The first record (the header, when there is one). */
  header: string[];
  /** Up to `maxRows` records after the header. */
  rows: string[][];
  /** The sample is valid UTF-8. */
  validUtf8: boolean;
  hasBom: boolean;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The first SAMPLE_WINDOW bytes are parsed first, then four times as many, until `limit` records are read. */
const SAMPLE_WINDOW = 256 * 1024;

/**
 * parseCsv(body, fmt, complete, limit) without decoding all of `body` when its first records are enough: a window
 * that holds `limit` records gives the very records the whole would (a record cut at the window's end is not
 * one of them), and the sample's memory is then what those records take, not a string of the whole 4 MB.
 */
function firstRecords(body: Buffer, fmt: CsvFormat, complete: boolean, limit: number): string[][] {
  for (let size = SAMPLE_WINDOW; size < body.length; size *= 4) {
    const rows = parseCsv(body.subarray(0, size).toString('utf8'), fmt, false, limit);
    if (rows.filter((r) => !(r.length === 1 && r[0] === '')).length >= limit) return rows;
  }
  return parseCsv(body.toString('utf8'), fmt, complete, limit);
}

/**
 * `bytes` without the multi-byte character a cut at maxBytes may have split at its end (dropping 3 bytes instead,
 * as before, could leave a character's first byte alone, and a valid file was then called not UTF-8).
 */
function withoutCutCharacter(bytes: Buffer): Buffer {
  let lead = bytes.length - 1;
  while (lead >= 0 && bytes.length - lead < 4 && (bytes[lead]! & 0xc0) === 0x80) lead--;
  if (lead < 0) return bytes;
  const b = bytes[lead]!;
  const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return bytes.length - lead < length ? bytes.subarray(0, lead) : bytes;
}

let scratch = Buffer.alloc(0);

/**
 * The bytes a sample is read into, zeroed: one buffer for every sample of the process (only decoded copies of
 * its bytes leave sampleCsv), instead of one of up to 4 MB per seed left for the garbage collector.
 */
function sampleBuffer(length: number): Buffer {
  if (scratch.length < length) scratch = Buffer.alloc(length);
  return scratch.fill(0, 0, length).subarray(0, length);
}

/** Reads the start of a CSV file (up to `maxBytes`) for its header and a sample of rows to infer types from. */
export function sampleCsv(absPath: string, fmt: CsvFormat, maxRows = 10_000, maxBytes = 4 * 1024 * 1024): CsvSample {
  const size = statSync(absPath).size;
  if (size === 0) return { empty: true, header: [], rows: [], validUtf8: true, hasBom: false };
  const fd = openSync(absPath, 'r');
  const buf = sampleBuffer(Math.min(size, maxBytes));
  try {
    readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  const hasBom = buf.subarray(0, 3).equals(BOM);
  const body = hasBom ? buf.subarray(3) : buf;
  const complete = buf.length === size;
  const validUtf8 = isUtf8(complete ? body : withoutCutCharacter(body));
  const records = firstRecords(body, fmt, complete, maxRows + 1).filter((r) => !(r.length === 1 && r[0] === ''));
  return { empty: false, header: records[0] ?? [], rows: records.slice(1, maxRows + 1), validUtf8, hasBom };
}

/**
 * The file's bytes as a stream, without a leading UTF-8 BOM; `observe` sees each chunk as it passes. The stream
 * can also be pulled into a buffer of the reader's own (CsvFileStream.pull).
 */
export function openCsvStream(absPath: string, observe?: (chunk: Buffer) => void): CsvFileStream {
  return new CsvFileStream(absPath, observe);
}
