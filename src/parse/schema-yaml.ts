import { TsmodelError, nearestName, type SourceLocation } from '../errors/index.js';
import type { Warning } from '../config/types.js';
import type { YamlPath } from '../config/yaml.js';
import { parseYamlDocument } from '../config/yaml.js';
import type { ColumnInfo } from './types.js';
import { testEntriesOf, type TestEntry } from './test-entries.js';
import { UNSUPPORTED_PROPERTY_KEYS, unsupportedMessage } from '../config/unsupported.js';
import { unitTestEntries } from './unit-tests/yaml-entries.js';
import type { UnitTestEntry } from './unit-tests/types.js';
import { parseExposures, type ExposureDef } from './exposures.js';
import { parseGroups, type GroupDef } from './groups.js';
import { parseVersions, type VersionDef } from './versions-yaml.js';

export type PatchKind = 'models' | 'seeds' | 'snapshots' | 'analyses';

/** What a properties YAML file says about one model, seed, snapshot or analysis. */
export interface NodePatch {
  kind: PatchKind;
  name: string;
  description: string;
  config: Record<string, unknown>;
  columns: Record<string, ColumnInfo>;
  /** Model-level data tests, as written. */
  tests: unknown[];
  /** Every data test of the entry and of its columns, with its YAML location. */
  testEntries: TestEntry[];
  /** Model-level constraints (primary_key over several columns, foreign keys…). */
  constraints: Record<string, unknown>[];
  file: string;
  location: SourceLocation;
  /** Where the properties dbt renders are written: `config.<key>`, `columns.<name>.data_type`. */
  locations: PropertyLocations;
  /** Models only: `versions:` and `latest_version`. */
  versions?: VersionDef[];
  latestVersion?: string | number;
}

/** YAML lines of rendered properties, by dotted key (`config.severity`, `schema`, `columns.id.data_type`). */
export type PropertyLocations = Record<string, SourceLocation>;

export interface SourceTableDef {
  name: string;
  identifier?: string;
  description: string;
  config: Record<string, unknown>;
  columns: Record<string, ColumnInfo>;
  tests: unknown[];
  /** Every data test of the table and of its columns, with its YAML location. */
  testEntries: TestEntry[];
  location: SourceLocation;
  /** `identifier`, `config.<key>`, `columns.<name>.data_type`. */
  locations: PropertyLocations;
}

export interface SourceDef {
  name: string;
  schema?: string;
  database?: string;
  description: string;
  config: Record<string, unknown>;
  tables: SourceTableDef[];
  file: string;
  location: SourceLocation;
  /** `schema`, `database`, `config.<key>`. */
  locations: PropertyLocations;
}

export interface SchemaYaml {
  patches: NodePatch[];
  sources: SourceDef[];
  unitTests: UnitTestEntry[];
  exposures: ExposureDef[];
  groups: GroupDef[];
}

type Locate = (path: YamlPath) => SourceLocation;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

function testsOf(entry: Record<string, unknown>): unknown[] {
  const list = entry.data_tests ?? entry.tests;
  return Array.isArray(list) ? list : [];
}

/** The entry's own tests, then its columns' (each column's declared under it). */
function allTestEntries(entry: Record<string, unknown>, path: YamlPath, locate: Locate): TestEntry[] {
  const out = testEntriesOf(entry, path, locate);
  if (Array.isArray(entry.columns)) {
    entry.columns.forEach((c, i) => {
      if (isObj(c) && typeof c.name === 'string')
        out.push(...testEntriesOf(c, [...path, 'columns', i], locate, c.name, c.quote === true));
    });
  }
  return out;
}

/** Where `config:` keys, column data types and the listed keys of an entry are written. */
function propertyLocations(
  entry: Record<string, unknown>,
  path: YamlPath,
  locate: Locate,
  keys: readonly string[] = [],
): PropertyLocations {
  const out: PropertyLocations = {};
  for (const k of keys) if (entry[k] !== undefined) out[k] = locate([...path, k]);
  if (isObj(entry.config))
    for (const k of Object.keys(entry.config)) out[`config.${k}`] = locate([...path, 'config', k]);
  if (Array.isArray(entry.columns))
    entry.columns.forEach((c, i) => {
      if (isObj(c) && typeof c.name === 'string' && c.data_type !== undefined)
        out[`columns.${c.name}.data_type`] = locate([...path, 'columns', i, 'data_type']);
    });
  return out;
}

function parseColumns(
  raw: unknown,
  path: YamlPath,
  locate: Locate,
  errors: TsmodelError[],
): Record<string, ColumnInfo> {
  const out: Record<string, ColumnInfo> = {};
  if (raw === undefined || raw === null) return out;
  if (!Array.isArray(raw)) {
    errors.push(
      new TsmodelError('config', 'columns: must be a list of {name: ...} entries', { location: locate(path) }),
    );
    return out;
  }
  raw.forEach((c, i) => {
    if (!isObj(c) || typeof c.name !== 'string') {
      errors.push(
        new TsmodelError('config', 'each column needs a name', {
          location: locate([...path, i]),
          hint: 'write "- name: column_name"',
        }),
      );
      return;
    }
    out[c.name] = {
      name: c.name,
      description: str(c.description),
      data_type: c.data_type === undefined ? undefined : String(c.data_type),
      constraints: Array.isArray(c.constraints) ? (c.constraints.filter(isObj) as Record<string, unknown>[]) : [],
      meta: isObj(c.meta) ? c.meta : {},
      tests: testsOf(c),
    };
  });
  return out;
}

function configOf(
  entry: Record<string, unknown>,
  path: YamlPath,
  locate: Locate,
  errors: TsmodelError[],
): Record<string, unknown> {
  const cfg = entry.config;
  if (cfg === undefined || cfg === null) return {};
  if (!isObj(cfg)) {
    errors.push(new TsmodelError('config', 'config: must be a mapping', { location: locate([...path, 'config']) }));
    return {};
  }
  const out: Record<string, unknown> = { ...cfg };
  // dbt also accepts a few configs as top-level properties.
  return out;
}

/** Configs a source or source table may also set as top-level properties (dbt's older spelling). */
const SOURCE_PROPERTY_CONFIGS = ['freshness', 'loaded_at_field', 'loaded_at_query'] as const;

/**
 * A source's or table's config: its top-level `freshness:`, `loaded_at_field:` and `loaded_at_query:`
 * (a `config:` entry of the same name wins), then `config:`. Both ways of finding the load time on one
 * entry is an error, as in dbt.
 */
function sourceConfigOf(
  entry: Record<string, unknown>,
  path: YamlPath,
  locate: Locate,
  errors: TsmodelError[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of SOURCE_PROPERTY_CONFIGS) if (k in entry) out[k] = entry[k];
  Object.assign(out, configOf(entry, path, locate, errors));
  const set = (k: string) => out[k] !== undefined && out[k] !== null;
  if (set('loaded_at_field') && set('loaded_at_query')) {
    const where = 'loaded_at_query' in entry ? [...path, 'loaded_at_query'] : [...path, 'config', 'loaded_at_query'];
    errors.push(
      new TsmodelError('config', `'${String(entry.name)}' sets both loaded_at_field and loaded_at_query`, {
        location: locate(where),
        hint: 'Keep one: loaded_at_field (a column or expression) or loaded_at_query (a query returning one timestamp).',
      }),
    );
  }
  return out;
}

/** propertyLocations, with a top-level `freshness:` (and the like) located as its config. */
function sourceLocations(entry: Record<string, unknown>, path: YamlPath, locate: Locate, keys: string[]) {
  const out = propertyLocations(entry, path, locate, keys);
  for (const k of SOURCE_PROPERTY_CONFIGS) if (k in entry) out[`config.${k}`] ??= locate([...path, k]);
  return out;
}

function parsePatches(
  kind: PatchKind,
  list: unknown,
  file: string,
  locate: Locate,
  errors: TsmodelError[],
): NodePatch[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    errors.push(
      new TsmodelError('config', `${kind}: must be a list`, {
        location: locate([kind]),
        hint: `write "${kind}:" followed by "- name: ..." entries`,
      }),
    );
    return [];
  }
  const out: NodePatch[] = [];
  list.forEach((entry, i) => {
    const path: YamlPath = [kind, i];
    if (!isObj(entry) || typeof entry.name !== 'string') {
      errors.push(new TsmodelError('config', `each entry under ${kind}: needs a name`, { location: locate(path) }));
      return;
    }
    const config = configOf(entry, path, locate, errors);
    const versioned = kind === 'models' ? parseVersions(entry, path, locate, errors) : undefined;
    if (isObj(entry.meta)) config.meta = { ...(entry.meta as object), ...(isObj(config.meta) ? config.meta : {}) };
    // dbt also takes these configs as properties of the entry.
    for (const k of ['docs', 'access', 'group'] as const)
      if (entry[k] !== undefined && config[k] === undefined) config[k] = entry[k];
    out.push({
      kind,
      name: entry.name,
      description: str(entry.description),
      config,
      columns: parseColumns(entry.columns, [...path, 'columns'], locate, errors),
      tests: testsOf(entry),
      testEntries: allTestEntries(entry, path, locate),
      constraints: Array.isArray(entry.constraints)
        ? (entry.constraints.filter(isObj) as Record<string, unknown>[])
        : [],
      file,
      location: locate(path),
      locations: propertyLocations(entry, path, locate, ['access', 'group']),
      ...(versioned ? { versions: versioned.versions, latestVersion: versioned.latest } : {}),
    });
  });
  return out;
}

function parseSources(list: unknown, file: string, locate: Locate, errors: TsmodelError[]): SourceDef[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    errors.push(new TsmodelError('config', 'sources: must be a list', { location: locate(['sources']) }));
    return [];
  }
  const out: SourceDef[] = [];
  list.forEach((src, i) => {
    const path: YamlPath = ['sources', i];
    if (!isObj(src) || typeof src.name !== 'string') {
      errors.push(new TsmodelError('config', 'each source needs a name', { location: locate(path) }));
      return;
    }
    const tables: SourceTableDef[] = [];
    const rawTables = Array.isArray(src.tables) ? src.tables : [];
    rawTables.forEach((t, j) => {
      const tpath: YamlPath = [...path, 'tables', j];
      if (!isObj(t) || typeof t.name !== 'string') {
        errors.push(
          new TsmodelError('config', `each table of source '${src.name}' needs a name`, { location: locate(tpath) }),
        );
        return;
      }
      tables.push({
        name: t.name,
        identifier: t.identifier === undefined ? undefined : String(t.identifier),
        description: str(t.description),
        config: sourceConfigOf(t, tpath, locate, errors),
        columns: parseColumns(t.columns, [...tpath, 'columns'], locate, errors),
        tests: testsOf(t),
        testEntries: allTestEntries(t, tpath, locate),
        location: locate(tpath),
        locations: sourceLocations(t, tpath, locate, ['identifier']),
      });
    });
    out.push({
      name: src.name,
      schema: src.schema === undefined ? undefined : String(src.schema),
      database: src.database === undefined ? undefined : String(src.database),
      description: str(src.description),
      config: sourceConfigOf(src, path, locate, errors),
      tables,
      file,
      location: locate(path),
      locations: sourceLocations(src, path, locate, ['schema', 'database']),
    });
  });
  return out;
}

/** Top-level keys of a dbt properties file; tsmodel reads models, seeds, snapshots, analyses, sources, exposures and groups. */
const PROPERTY_FILE_KEYS = [
  'version',
  'models',
  'seeds',
  'snapshots',
  'analyses',
  'sources',
  'macros',
  'exposures',
  'metrics',
  'semantic_models',
  'saved_queries',
  'unit_tests',
  'groups',
  'data_tests',
];

/**
 * Parses one properties file (schema.yml, version 2). Problems are added to `errors`; an unknown top-level key
 * (a typo such as `model:`) to `warnings`.
 */
export function parseSchemaYaml(
  text: string,
  file: string,
  errors: TsmodelError[],
  warnings: Warning[] = [],
): SchemaYaml {
  let doc;
  try {
    doc = parseYamlDocument(text, file);
  } catch (err) {
    errors.push(err as TsmodelError);
    return { patches: [], sources: [], unitTests: [], exposures: [], groups: [] };
  }
  const value = doc.value;
  if (value === null || value === undefined)
    return { patches: [], sources: [], unitTests: [], exposures: [], groups: [] };
  if (!isObj(value)) {
    errors.push(
      new TsmodelError('config', 'a properties file must be a mapping (version: 2, models: …)', {
        location: { file, line: 1, column: 1 },
      }),
    );
    return { patches: [], sources: [], unitTests: [], exposures: [], groups: [] };
  }
  for (const key of Object.keys(value)) {
    const why = UNSUPPORTED_PROPERTY_KEYS[key];
    if (why) warnings.push({ message: unsupportedMessage(key, file, why), location: doc.locate([key]) });
    if (PROPERTY_FILE_KEYS.includes(key)) continue;
    const near = nearestName(key, PROPERTY_FILE_KEYS);
    warnings.push({
      message: `unknown key '${key}'${near ? ` (did you mean '${near}'?)` : ''}; it is ignored`,
      location: doc.locate([key]),
    });
  }
  const patches = (['models', 'seeds', 'snapshots', 'analyses'] as const).flatMap((k) =>
    parsePatches(k, value[k], file, doc.locate, errors),
  );
  return {
    patches,
    sources: parseSources(value.sources, file, doc.locate, errors),
    unitTests: unitTestEntries(value.unit_tests, file, doc.locate, errors),
    exposures: parseExposures(value.exposures, file, doc.locate, errors),
    groups: parseGroups(value.groups, file, doc.locate, errors),
  };
}
