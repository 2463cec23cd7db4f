import { TsmodelError, nearestName, type SourceLocation } from '../../errors/index.js';
import { parseCsv } from '../../project/csv.js';
import type { Cell, Fixture, FixtureRow, RawFixture } from './types.js';

/** A file under <test-path>/fixtures/, by its name without extension. */
export interface FixtureFile {
  path: string;
  contents: string;
}

export interface FixtureFiles {
  csv: ReadonlyMap<string, FixtureFile>;
  sql: ReadonlyMap<string, FixtureFile>;
}

/** A YAML scalar in the text form SQL casts from; objects and lists become JSON (json/jsonb columns). */
export function cellOf(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v);
}

function columnsOf(rows: readonly FixtureRow[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const r of rows)
    for (const c of Object.keys(r.values))
      if (!seen.has(c)) {
        seen.add(c);
        out.push(c);
      }
  return out;
}

/**
 * CSV rows (inline or a fixture file): the header names the columns, an empty
 * field is NULL. `lineOf(i)` is where record i (0 = header) is written.
 */
export function csvRows(text: string, lineOf: (i: number) => SourceLocation, what: string): FixtureRow[] {
  const quotes = (text.match(/"/g) ?? []).length;
  if (quotes % 2 === 1)
    throw new TsmodelError('config', `${what}: a quoted CSV field is not closed`, {
      location: lineOf(0),
      hint: 'Every field that opens with " must close with "; write "" for a quote inside a field.',
    });
  const records = parseCsv(text.replace(/\s+$/, ''), { delimiter: ',', quote: '"' }).filter(
    (r) => !(r.length === 1 && r[0]!.trim() === ''),
  );
  const header = (records[0] ?? []).map((h) => h.trim());
  if (header.length === 0 || header.some((h) => h === ''))
    throw new TsmodelError('config', `${what}: the CSV has no header, or a header column without a name`, {
      location: lineOf(0),
      hint: 'The first line names the columns, e.g. id,name,price.',
    });
  const dup = header.find((h, i) => header.indexOf(h) !== i);
  if (dup)
    throw new TsmodelError('config', `${what}: the CSV header names column '${dup}' twice`, {
      location: lineOf(0),
      hint: 'Column names must be unique.',
    });
  return records.slice(1).map((rec, i) => {
    if (rec.length !== header.length)
      throw new TsmodelError(
        'config',
        `${what}: CSV line has ${rec.length} field${rec.length === 1 ? '' : 's'}, the header has ${header.length}`,
        { location: lineOf(i + 1), hint: 'Give every line as many comma-separated fields as the header.' },
      );
    return {
      values: Object.fromEntries(header.map((h, j) => [h, rec[j] === '' ? null : rec[j]!])),
      location: lineOf(i + 1),
    };
  });
}

function lookup(files: ReadonlyMap<string, FixtureFile>, name: string, ext: string, raw: RawFixture, what: string) {
  const file = files.get(name);
  if (file) return file;
  const near = nearestName(name, files.keys());
  throw new TsmodelError('config', `${what}: fixture '${name}' is not a file tests/fixtures/${name}.${ext}`, {
    location: raw.location,
    hint: near ? `Did you mean fixture: ${near}?` : `Create tests/fixtures/${name}.${ext} (under a test-paths folder).`,
  });
}

/** Turns a fixture as written into rows or SQL: inline dict or CSV rows, or a fixture file. Throws a located error. */
export function resolveFixture(raw: RawFixture, files: FixtureFiles, what: string): Fixture {
  if (raw.format === 'sql') {
    if (raw.fixture !== undefined) {
      const file = lookup(files.sql, raw.fixture, 'sql', raw, what);
      return { format: 'sql', sql: file.contents.trim().replace(/;\s*$/, ''), location: { file: file.path, line: 1 } };
    }
    if (typeof raw.rows !== 'string')
      throw new TsmodelError('config', `${what}: format: sql needs rows: to be a query`, {
        location: raw.location,
        hint: 'Write rows: | followed by a select returning every column of the input.',
      });
    return { format: 'sql', sql: raw.rows.trim().replace(/;\s*$/, ''), location: raw.location };
  }
  if (raw.format === 'csv') {
    let rows: FixtureRow[];
    if (raw.fixture !== undefined) {
      const file = lookup(files.csv, raw.fixture, 'csv', raw, what);
      rows = csvRows(file.contents, (i) => ({ file: file.path, line: i + 1 }), `${what} (fixture ${file.path})`);
    } else {
      if (typeof raw.rows !== 'string')
        throw new TsmodelError('config', `${what}: format: csv needs rows: to be CSV text`, {
          location: raw.location,
          hint: 'Write rows: | followed by a header line and one line per row, or fixture: <name>.',
        });
      // A block scalar (rows: |) starts on the line after the key.
      const first = (raw.location.line ?? 1) + 1;
      rows = csvRows(raw.rows, (i) => ({ file: raw.location.file, line: first + i }), what);
    }
    return { format: 'csv', columns: columnsOf(rows), rows, location: raw.location };
  }
  const list = raw.rows === undefined || raw.rows === null ? [] : raw.rows;
  if (!Array.isArray(list))
    throw new TsmodelError('config', `${what}: rows: must be a list of {column: value} mappings`, {
      location: raw.location,
      hint: 'Write rows: followed by items such as "- {id: 1, name: gerda}" (or set format: csv / format: sql).',
    });
  const rows = list.map((r, i): FixtureRow => {
    const location = raw.rowLocations[i] ?? raw.location;
    if (typeof r !== 'object' || r === null || Array.isArray(r))
      throw new TsmodelError('config', `${what}: row ${i + 1} is not a {column: value} mapping`, {
        location,
        hint: 'Write each row as {column: value, ...}.',
      });
    return { values: Object.fromEntries(Object.entries(r).map(([k, v]) => [k, cellOf(v)])), location };
  });
  return { format: 'dict', columns: columnsOf(rows), rows, location: raw.location };
}

/** Indexes the files under tests/fixtures by name (without extension), per format. */
export function fixtureFiles(files: readonly { path: string; relPath: string; contents: string }[]): FixtureFiles {
  const csv = new Map<string, FixtureFile>();
  const sql = new Map<string, FixtureFile>();
  for (const f of files) {
    const name = f.relPath
      .split('/')
      .pop()!
      .replace(/\.[^.]+$/, '');
    const map = f.path.toLowerCase().endsWith('.csv') ? csv : sql;
    if (!map.has(name)) map.set(name, { path: f.path, contents: f.contents });
  }
  return { csv, sql };
}
