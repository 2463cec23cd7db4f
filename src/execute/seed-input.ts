import { existsSync } from 'node:fs';
import { TsmodelError } from '../errors/index.js';
import { foldUnquoted, quotesColumns, type SeedFormat } from '../materialize/index.js';
import type { ProjectNode } from '../parse/index.js';
import { sampleCsv } from '../project/index.js';
import type { StepFailure } from './execute-plan.js';

// What a seed's file and config say, checked before anything touches the database; and its COPY errors.

export function formatOf(node: ProjectNode): SeedFormat {
  const c = node.config;
  return {
    delimiter: String(c.delimiter ?? ','),
    quote: String(c.quote ?? c.quote_char ?? '"'),
    null: String(c.null ?? c.null_string ?? ''),
    header: c.header === undefined ? true : c.header !== false && c.header !== 'false',
  };
}

function headerOf(node: ProjectNode, sampled: string[], fmt: SeedFormat): string[] {
  if (fmt.header) return sampled.map((h) => h.trim());
  const names = node.config.column_names;
  if (Array.isArray(names)) return names.map(String);
  return sampled.map((_h, i) => `column_${i + 1}`);
}

/** quote_columns: false — the names as PostgreSQL folds unquoted identifiers (CustomerID → customerid). */
function unquotedHeader(node: ProjectNode, header: string[]): string[] {
  if (quotesColumns(node.config)) return header;
  return header.map((h, i) => {
    const folded = foldUnquoted(h);
    if (folded !== undefined) return folded;
    throw fileError(
      node,
      `column ${i + 1} of the header, '${h}', is not a name PostgreSQL reads unquoted, ` +
        'and the seed has quote_columns: false',
      'Rename the column (letters, digits and underscores, not starting with a digit), or remove ' +
        'quote_columns: false so names are kept as written.',
      1,
    );
  });
}

/** column_types keyed as the header is: with quote_columns: false, a key written CustomerID applies to customerid. */
export function columnTypesOf(node: ProjectNode): Record<string, unknown> {
  const ct = node.config.column_types;
  if (!ct || typeof ct !== 'object') return {};
  if (quotesColumns(node.config)) return ct as Record<string, unknown>;
  return Object.fromEntries(Object.entries(ct).map(([k, v]) => [foldUnquoted(k) ?? k, v]));
}

function fileError(node: ProjectNode, message: string, hint: string, line?: number): TsmodelError {
  return new TsmodelError('database', `${node.originalFilePath}: ${message}`, {
    location: { file: node.originalFilePath, line },
    hint,
  });
}

/** Checks what can be checked before touching the database: the file exists, is UTF-8, has a usable header. */
export function inspect(node: ProjectNode, abs: string, fmt: SeedFormat) {
  if (!existsSync(abs))
    throw fileError(
      node,
      'the file does not exist (it was removed after the project was read?)',
      'Restore the file, or run again so the seed list is re-read.',
    );
  const sample = sampleCsv(abs, fmt);
  if (sample.empty)
    throw fileError(
      node,
      'the file is empty: a seed needs at least a header row',
      'Write the column names on the first line (or delete the file).',
      1,
    );
  if (!sample.validUtf8)
    throw fileError(node, 'the file is not valid UTF-8', 'Re-save it as UTF-8 (e.g. iconv -f latin1 -t utf-8).');
  const raw = headerOf(node, sample.header, fmt);
  const blank = raw.findIndex((h) => h === '');
  if (blank >= 0)
    throw fileError(
      node,
      `column ${blank + 1} of the header has no name`,
      'Give every column a name on the first line.',
      1,
    );
  const header = unquotedHeader(node, raw);
  const dup = header.find((h, i) => header.indexOf(h) !== i);
  if (dup) {
    const spelled = raw.filter((_h, i) => header[i] === dup);
    throw fileError(
      node,
      spelled.every((s) => s === dup)
        ? `the header names column '${dup}' twice`
        : `the header names column '${dup}' twice: ${spelled.map((s) => `'${s}'`).join(' and ')} ` +
            'are the same name unquoted (quote_columns: false)',
      'Column names must be unique.',
      1,
    );
  }
  return { sample, header };
}

/** Maps a failed COPY back to the CSV's line: "COPY customers, line 5, column age: …". */
export function copyError(node: ProjectNode, f: StepFailure): TsmodelError {
  const where = f.error.where ?? '';
  const line = /line (\d+)/.exec(where);
  const column = /column ([^:]+)/.exec(where);
  const hint =
    f.error.sqlstate === '53100' && f.error.hint
      ? f.error.hint // disk full: what to free says the adapter, the rows are not at fault
      : f.error.sqlstate === '22021'
        ? 'The file holds a byte that is not UTF-8 text there (a NUL byte, or text saved in another ' +
          'encoding): remove it, or re-save the file as UTF-8.'
        : /invalid input syntax|out of range|invalid .* value/.test(f.error.message)
          ? 'A value does not fit its column type: set column_types for ' +
            `${column ? `'${column[1]}'` : 'that column'} in the seed's config (e.g. text), or fix the value.`
          : 'Check that every row has as many fields as the header and that quotes are closed.';
  return new TsmodelError(
    'database',
    `${node.originalFilePath}${line ? `:${line[1]}` : ''}: ${f.error.message}${column ? ` (column ${column[1]})` : ''}`,
    {
      location: { file: node.originalFilePath, line: line ? Number(line[1]) : undefined },
      hint: `${hint} Nothing was changed: the table keeps its previous rows.`,
      cause: f.error,
    },
  );
}
