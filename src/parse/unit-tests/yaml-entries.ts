import { TsmodelError, type SourceLocation } from '../../errors/index.js';
import type { YamlPath } from '../../config/yaml.js';
import type { InputTarget, RawFixture, RawGiven, UnitTestEntry } from './types.js';

type Locate = (path: YamlPath) => SourceLocation;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const FORMATS = ['dict', 'csv', 'sql'] as const;
const STRING_ARG = `\\s*(?:'([^']*)'|"([^"]*)")\\s*`;
const REF_RE = new RegExp(`^ref\\(${STRING_ARG}(?:,${STRING_ARG})?(?:,\\s*(?:v|version)\\s*=\\s*([^)]+?)\\s*)?\\)$`);
const SOURCE_RE = new RegExp(`^source\\(${STRING_ARG},${STRING_ARG}\\)$`);

/** Reads `ref('x')`, `ref('pkg', 'x')`, `ref('x', v=2)`, `source('s', 't')` or `this`; undefined when it is none. */
export function parseInputCall(text: string): InputTarget | undefined {
  const t = text.trim().replace(/^\{\{\s*(.*?)\s*\}\}$/, '$1');
  if (t === 'this') return { kind: 'this' };
  const ref = REF_RE.exec(t);
  if (ref) {
    const first = ref[1] ?? ref[2]!;
    const second = ref[3] ?? ref[4];
    const version = ref[5]?.replace(/^['"]|['"]$/g, '');
    const call: InputTarget =
      second === undefined ? { kind: 'ref', name: first } : { kind: 'ref', name: second, package: first };
    return version === undefined ? call : { ...call, version: /^\d+$/.test(version) ? Number(version) : version };
  }
  const src = SOURCE_RE.exec(t);
  if (src) return { kind: 'source', source: src[1] ?? src[2]!, table: src[3] ?? src[4]! };
  return undefined;
}

function fixtureOf(
  raw: Record<string, unknown>,
  path: YamlPath,
  locate: Locate,
  errors: TsmodelError[],
  what: string,
): RawFixture {
  const format = raw.format === undefined || raw.format === null ? 'dict' : String(raw.format);
  const location = locate(raw.rows !== undefined ? [...path, 'rows'] : path);
  if (!(FORMATS as readonly string[]).includes(format)) {
    errors.push(
      new TsmodelError('config', `${what}: format '${format}' is not one of dict, csv, sql`, {
        location: locate([...path, 'format']),
        hint: 'Write format: dict (the default), format: csv or format: sql.',
      }),
    );
  }
  const fmt = (FORMATS as readonly string[]).includes(format) ? (format as RawFixture['format']) : 'dict';
  if (raw.rows !== undefined && raw.fixture !== undefined) {
    errors.push(
      new TsmodelError('config', `${what} has both rows: and fixture:`, {
        location: locate([...path, 'fixture']),
        hint: 'Give the rows inline or name a fixture file under tests/fixtures, not both.',
      }),
    );
  }
  if (raw.fixture !== undefined && fmt === 'dict') {
    errors.push(
      new TsmodelError('config', `${what}: fixture: needs format: csv or format: sql`, {
        location: locate([...path, 'fixture']),
        hint: 'Fixture files are tests/fixtures/<name>.csv (format: csv) or tests/fixtures/<name>.sql (format: sql).',
      }),
    );
  }
  const rowLocations = Array.isArray(raw.rows) ? raw.rows.map((_r, i) => locate([...path, 'rows', i])) : [];
  return {
    format: fmt,
    rows: raw.rows,
    ...(raw.fixture !== undefined && raw.fixture !== null ? { fixture: String(raw.fixture) } : {}),
    location:
      raw.rows !== undefined ? { ...location } : locate(raw.fixture !== undefined ? [...path, 'fixture'] : path),
    rowLocations,
  };
}

function mapping(
  v: unknown,
  path: YamlPath,
  locate: Locate,
  errors: TsmodelError[],
  what: string,
): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (isObj(v)) return v;
  errors.push(new TsmodelError('config', `${what} must be a mapping`, { location: locate(path) }));
  return {};
}

function versionsOf(v: unknown): UnitTestEntry['versions'] {
  if (!isObj(v)) return undefined;
  const list = (x: unknown) =>
    x === undefined || x === null ? undefined : (Array.isArray(x) ? x : [x]).map((y) => y as string | number);
  return { include: list(v.include), exclude: list(v.exclude) };
}

function oneEntry(
  entry: unknown,
  i: number,
  file: string,
  locate: Locate,
  errors: TsmodelError[],
): UnitTestEntry | undefined {
  const path: YamlPath = ['unit_tests', i];
  if (!isObj(entry) || typeof entry.name !== 'string' || entry.name === '') {
    errors.push(
      new TsmodelError('config', 'each entry under unit_tests: needs a name', {
        location: locate(path),
        hint: 'write "- name: test_something" followed by model:, given: and expect:',
      }),
    );
    return undefined;
  }
  const name = entry.name;
  const fail = (key: string, message: string, hint: string) => {
    errors.push(
      new TsmodelError('config', `unit test '${name}': ${message}`, { location: locate([...path, key]), hint }),
    );
  };
  if (typeof entry.model !== 'string' || entry.model === '') {
    fail('model', 'model: is missing', 'Name the model it tests: model: my_model.');
    return undefined;
  }
  if (!isObj(entry.expect)) {
    fail('expect', 'expect: is missing', 'Write expect: with rows: (the rows the model should return).');
    return undefined;
  }
  const given: RawGiven[] = [];
  if (entry.given !== undefined && entry.given !== null && !Array.isArray(entry.given))
    fail('given', 'given: must be a list', 'Write given: followed by "- input: ref(\'parent\')" items.');
  (Array.isArray(entry.given) ? entry.given : []).forEach((g, j) => {
    const gpath: YamlPath = [...path, 'given', j];
    if (!isObj(g) || g.input === undefined || g.input === null) {
      errors.push(
        new TsmodelError('config', `unit test '${name}': each given: item needs input:`, {
          location: locate(gpath),
          hint: "write \"- input: ref('parent')\" or \"- input: source('src', 'table')\" with its rows:",
        }),
      );
      return;
    }
    const input = String(g.input);
    const target = parseInputCall(input);
    if (!target)
      errors.push(
        new TsmodelError('config', `unit test '${name}': input '${input}' is not a ref(), source() or this`, {
          location: locate([...gpath, 'input']),
          hint: "Write input: ref('model_name'), input: source('source_name', 'table_name') or input: this.",
        }),
      );
    given.push({
      input,
      ...(target ? { target } : {}),
      fixture: fixtureOf(g, gpath, locate, errors, `unit test '${name}', input ${input}`),
      location: locate(gpath),
    });
  });
  const overrides = mapping(entry.overrides, [...path, 'overrides'], locate, errors, `unit test '${name}': overrides:`);
  const p = [...path, 'overrides'];
  const envVars = mapping(overrides.env_vars, [...p, 'env_vars'], locate, errors, 'overrides: env_vars:');
  const config = mapping(entry.config, [...path, 'config'], locate, errors, `unit test '${name}': config:`);
  return {
    name,
    model: entry.model,
    description: entry.description === undefined || entry.description === null ? '' : String(entry.description),
    given,
    expect: fixtureOf(entry.expect, [...path, 'expect'], locate, errors, `unit test '${name}', expect`),
    overrides: {
      macros: mapping(overrides.macros, [...p, 'macros'], locate, errors, 'overrides: macros:'),
      vars: mapping(overrides.vars, [...p, 'vars'], locate, errors, 'overrides: vars:'),
      envVars: Object.fromEntries(Object.entries(envVars).map(([k, v]) => [k, String(v)])),
    },
    config,
    versions: versionsOf(entry.versions),
    file,
    location: locate(path),
  };
}

/** The `unit_tests:` list of one properties file; problems go to `errors` with their line. */
export function unitTestEntries(list: unknown, file: string, locate: Locate, errors: TsmodelError[]): UnitTestEntry[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    errors.push(
      new TsmodelError('config', 'unit_tests: must be a list', {
        location: locate(['unit_tests']),
        hint: 'write "unit_tests:" followed by "- name: ..." entries',
      }),
    );
    return [];
  }
  return list.flatMap((entry, i) => oneEntry(entry, i, file, locate, errors) ?? []);
}
