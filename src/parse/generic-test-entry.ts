import { TsmodelError, type SourceLocation } from '../errors/index.js';
import type { YamlPath } from '../config/yaml.js';
import type { TestEntry } from './test-entries.js';

/** Configs dbt also accepts next to a test's arguments (instead of under `config:`). */
const CONFIG_KEYS = new Set([
  'severity',
  'warn_if',
  'error_if',
  'where',
  'limit',
  'store_failures',
  'store_failures_as',
  'fail_calc',
  'tags',
  'enabled',
  'meta',
  'dimension',
  'schema',
  'alias',
  'database',
]);

/** A test item read: which test, its arguments and its config. */
export interface NormalizedTest {
  /** The test's name as written, without namespace ("not_null"). */
  testName: string;
  /** "dbt_utils" in dbt_utils.expression_is_true. */
  namespace?: string;
  /** A name given with `name:`, replacing the synthesized one. */
  customName?: string;
  args: Record<string, unknown>;
  config: Record<string, unknown>;
  /** Where a config key is written (falls back to the item). */
  configLocation(key: string): SourceLocation;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads one item of a tests list. Accepted shapes, as dbt's:
 *   - not_null
 *   - accepted_values: {values: [a, b], config: {severity: warn}}
 *   - accepted_values: {arguments: {values: [a, b]}, name: custom_name}
 *   - {test_name: accepted_values, name: custom_name, values: [a, b]}
 * A malformed item is a TsmodelError at its line.
 */
export function normalizeTestEntry(entry: TestEntry): NormalizedTest | TsmodelError {
  let fullName: string;
  let body: Record<string, unknown>;
  let prefix: YamlPath;
  const raw = entry.raw;
  if (typeof raw === 'string') {
    fullName = raw;
    body = {};
    prefix = [];
  } else if (isObj(raw) && typeof raw.test_name === 'string') {
    fullName = raw.test_name;
    const { test_name: _t, ...rest } = raw;
    body = rest;
    prefix = [];
  } else if (
    isObj(raw) &&
    Object.keys(raw).length === 1 &&
    (raw[Object.keys(raw)[0]!] === null || isObj(raw[Object.keys(raw)[0]!]))
  ) {
    fullName = Object.keys(raw)[0]!;
    body = (raw[fullName] as Record<string, unknown> | null) ?? {};
    prefix = [fullName];
  } else {
    return new TsmodelError(
      'config',
      'a test must be a name (- not_null) or a mapping of one name to its arguments (- accepted_values: {values: [a, b]})',
      {
        location: entry.location,
        hint:
          isObj(raw) && Object.keys(raw).length > 1
            ? `Write one test per list item: ${Object.keys(raw)
                .map((k) => `- ${k}`)
                .join(', ')}.`
            : 'Check the indentation of this item.',
      },
    );
  }
  const dot = fullName.lastIndexOf('.');
  const namespace = dot > 0 ? fullName.slice(0, dot) : undefined;
  const testName = dot > 0 ? fullName.slice(dot + 1) : fullName;

  const args: Record<string, unknown> = {};
  const config: Record<string, unknown> = {};
  const where = new Map<string, YamlPath>();
  if (body.config !== undefined && body.config !== null && !isObj(body.config)) {
    return new TsmodelError('config', `config: of test '${testName}' must be a mapping`, {
      location: entry.locate([...prefix, 'config']),
    });
  }
  for (const [k, v] of Object.entries(body)) {
    if (k === 'config' || k === 'name' || k === 'arguments') continue;
    if (CONFIG_KEYS.has(k)) {
      config[k] = v;
      where.set(k, [...prefix, k]);
    } else args[k] = v;
  }
  if (isObj(body.arguments)) Object.assign(args, body.arguments);
  if (isObj(body.config)) {
    for (const [k, v] of Object.entries(body.config)) {
      config[k] = v;
      where.set(k, [...prefix, 'config', k]);
    }
  }
  return {
    testName,
    namespace,
    customName: typeof body.name === 'string' && body.name.trim() !== '' ? body.name.trim() : undefined,
    args,
    config,
    configLocation: (key) => {
      const p = where.get(key);
      return p ? entry.locate(p) : entry.location;
    },
  };
}
