import type { YamlPath } from '../config/yaml.js';
import { TsmodelError, type SourceLocation } from '../errors/index.js';
import { testEntriesOf, type TestEntry } from './test-entries.js';

/** One entry of a model's `versions:` (dbt's model versions). */
export interface VersionDef {
  v: string | number;
  definedIn?: string;
  description?: string;
  config: Record<string, unknown>;
  /** The version's own columns (they override the model's), and which of the model's it keeps. */
  columns: Record<string, unknown>[];
  include: 'all' | string[];
  exclude: string[];
  deprecationDate?: string;
  /** Data tests declared under the version's own columns. */
  testEntries: TestEntry[];
  location: SourceLocation;
}

type Locate = (path: YamlPath) => SourceLocation;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads `versions:` and `latest_version` of a model entry. */
export function parseVersions(
  entry: Record<string, unknown>,
  path: YamlPath,
  locate: Locate,
  errors: TsmodelError[],
): { versions: VersionDef[]; latest?: string | number } | undefined {
  if (entry.versions === undefined || entry.versions === null) return undefined;
  if (!Array.isArray(entry.versions)) {
    errors.push(
      new TsmodelError('config', `versions: of model '${String(entry.name)}' must be a list of {v: …} entries`, {
        location: locate([...path, 'versions']),
      }),
    );
    return undefined;
  }
  const versions: VersionDef[] = [];
  entry.versions.forEach((raw, i) => {
    const at = locate([...path, 'versions', i]);
    if (!isObj(raw) || (typeof raw.v !== 'string' && typeof raw.v !== 'number')) {
      errors.push(
        new TsmodelError('config', `each version of model '${String(entry.name)}' needs a v: (a number or a name)`, {
          location: at,
          hint: 'write "- v: 2"',
        }),
      );
      return;
    }
    const columns: Record<string, unknown>[] = [];
    const testEntries: TestEntry[] = [];
    let include: 'all' | string[] = 'all';
    let exclude: string[] = [];
    (Array.isArray(raw.columns) ? raw.columns : []).forEach((c: unknown, j: number) => {
      if (!isObj(c)) return;
      if (c.include !== undefined || c.exclude !== undefined) {
        include =
          c.include === undefined || c.include === 'all' || c.include === '*' ? 'all' : [c.include].flat().map(String);
        exclude = c.exclude === undefined ? [] : [c.exclude].flat().map(String);
      } else if (typeof c.name === 'string') {
        columns.push(c);
        testEntries.push(...testEntriesOf(c, [...path, 'versions', i, 'columns', j], locate, c.name, c.quote === true));
      }
    });
    versions.push({
      v: raw.v,
      definedIn: typeof raw.defined_in === 'string' ? raw.defined_in : undefined,
      description: typeof raw.description === 'string' ? raw.description : undefined,
      config: isObj(raw.config) ? raw.config : {},
      columns,
      include,
      exclude,
      deprecationDate: raw.deprecation_date === undefined ? undefined : String(raw.deprecation_date),
      testEntries,
      location: at,
    });
  });
  const latest = entry.latest_version;
  if (latest !== undefined && !versions.some((v) => String(v.v) === String(latest)))
    errors.push(
      new TsmodelError(
        'config',
        `latest_version of model '${String(entry.name)}' is ${String(latest)}, which is not one of its versions`,
        {
          location: locate([...path, 'latest_version']),
          hint: `Use one of: ${versions.map((v) => v.v).join(', ')}.`,
        },
      ),
    );
  return { versions, latest: typeof latest === 'string' || typeof latest === 'number' ? latest : undefined };
}

/** The highest version (numbers compare as numbers), dbt's default latest_version. */
