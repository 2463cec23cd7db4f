import { createHash } from 'node:crypto';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { bindArgs } from './jinja/args.js';
import { jsonDumps } from './jinja/json.js';
import { iterate } from './jinja/methods.js';
import { isMapping, pythonNative, truthy } from './jinja/values.js';

/**
 * The helper functions dbt adds to every template's context (dbt's base context): tojson / fromjson,
 * toyaml / fromyaml, local_md5, set / set_strict. Each takes dbt's arguments and fails the way dbt does
 * (a conversion that fails returns the `default` argument).
 */

type Fn = (...args: unknown[]) => unknown;

function plainData(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plainData);
  if (isMapping(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainData(x)]));
  return typeof v === 'object' && v !== null && 'valueOf' in v ? (v as { valueOf(): unknown }).valueOf() : v;
}

const FUNCTIONS: Record<string, Fn> = {
  tojson: (...a) => {
    const [value, dflt = null, sortKeys = false] = bindArgs('tojson', ['value', 'default', 'sort_keys'], a);
    try {
      return jsonDumps(value, truthy(sortKeys));
    } catch {
      return dflt;
    }
  },
  fromjson: (...a) => {
    const [text, dflt = null] = bindArgs('fromjson', ['string', 'default'], a);
    try {
      return JSON.parse(String(text)) as unknown;
    } catch {
      return dflt;
    }
  },
  toyaml: (...a) => {
    const [value, dflt = null, sortKeys = false] = bindArgs('toyaml', ['value', 'default', 'sort_keys'], a);
    try {
      return stringifyYaml(plainData(value), { indentSeq: false, sortMapEntries: truthy(sortKeys) });
    } catch {
      return dflt;
    }
  },
  fromyaml: (...a) => {
    const [text, dflt = null] = bindArgs('fromyaml', ['value', 'default'], a);
    try {
      return parseYaml(String(text)) as unknown;
    } catch {
      return dflt;
    }
  },
  local_md5: (...a) => {
    const [text] = bindArgs('local_md5', ['value'], a);
    return createHash('md5').update(String(text)).digest('hex');
  },
  set: (...a) => {
    const [value, dflt = null] = bindArgs('set', ['value', 'default'], a);
    try {
      return new Set(iterate(value));
    } catch {
      return dflt;
    }
  },
  set_strict: (...a) => {
    const [value] = bindArgs('set_strict', ['value'], a);
    return new Set(iterate(value));
  },
};

export const DBT_FUNCTIONS: Record<string, Fn> = Object.fromEntries(
  Object.entries(FUNCTIONS).map(([name, fn]) => [name, pythonNative(fn)]),
);
