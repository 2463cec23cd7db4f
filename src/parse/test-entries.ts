import type { SourceLocation } from '../errors/index.js';
import type { YamlPath } from '../config/yaml.js';

/** One item of a `tests:` / `data_tests:` list, as written, with where it is. */
export interface TestEntry {
  raw: unknown;
  /** The column it is declared under, if any. */
  column?: string;
  /** The column has `quote: true`: its tests get column_name as a quoted identifier (as dbt does). */
  quoteColumn?: boolean;
  location: SourceLocation;
  /** Where a key inside the item is written (e.g. ['accepted_values', 'config', 'warn_if']). */
  locate(path: YamlPath): SourceLocation;
}

/** The test items of a model / source table entry, or of one of its columns (both spellings). */
export function testEntriesOf(
  entry: Record<string, unknown>,
  path: YamlPath,
  locate: (p: YamlPath) => SourceLocation,
  column?: string,
  quoteColumn = false,
): TestEntry[] {
  const out: TestEntry[] = [];
  for (const key of ['data_tests', 'tests']) {
    const list = entry[key];
    if (!Array.isArray(list)) continue;
    list.forEach((raw, i) => {
      const itemPath: YamlPath = [...path, key, i];
      out.push({
        raw,
        column,
        ...(quoteColumn ? { quoteColumn } : {}),
        location: locate(itemPath),
        locate: (p) => locate([...itemPath, ...p]),
      });
    });
  }
  return out;
}
