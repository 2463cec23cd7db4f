/** Database values → JSON- and CSV-friendly cells, the same on PGlite and PostgreSQL. */
import type { CellValue } from './types.js';

/** int2, int4, int8, float4, float8, numeric, oid */
const NUMERIC_TYPES = new Set([20, 21, 23, 26, 700, 701, 1700]);
const DATE_TYPE = 1082;

const pad = (n: number) => String(n).padStart(2, '0');

/** A date column's value as YYYY-MM-DD, whichever midnight (local or UTC) the driver parsed it to. */
function dateText(d: Date): string {
  const local = d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0;
  return local ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` : d.toISOString().slice(0, 10);
}

export function cell(value: unknown, dataTypeID: number): CellValue {
  if (value === null || value === undefined) return null;
  if (NUMERIC_TYPES.has(dataTypeID)) {
    const n = typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : Number(String(value));
    // Beyond 2^53 or NaN/Infinity: keep the database's exact text.
    return Number.isFinite(n) && (Number.isSafeInteger(n) || !Number.isInteger(n)) ? n : String(value);
  }
  if (value instanceof Date) return dataTypeID === DATE_TYPE ? dateText(value) : value.toISOString();
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  return JSON.stringify(value);
}

export function normalizeRows(
  fields: readonly { name: string; dataTypeID: number }[],
  rows: readonly Record<string, unknown>[],
): Record<string, CellValue>[] {
  return rows.map((r) => Object.fromEntries(fields.map((f) => [f.name, cell(r[f.name], f.dataTypeID)])));
}

function csvField(v: CellValue): string {
  if (v === null) return '';
  const text = String(v);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV with a header row (CRLF line ends; NULL is an empty field). */
export function toCsv(columns: readonly string[], rows: readonly Record<string, CellValue>[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c] ?? null)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
