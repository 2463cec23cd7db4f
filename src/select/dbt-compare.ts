import { deepEqual } from './deep-equal.js';

/**
 * How state:modified compares the current project with a manifest dbt wrote (a team moving over
 * gradually): dbt's own rules, so an unchanged file is not "modified" because tsmodel hashes or
 * spells a config differently.
 */

/** Python's str.isspace() characters: what dbt's `strip()` and `split()` remove. */
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const EDGES = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');
const RUNS = new RegExp(`[${PY_SPACE}]+`, 'g');

/** Python's `text.strip()`: dbt hashes and records (raw_code) a file's contents stripped so. */
export function pyStrip(text: string): string {
  return text.replace(EDGES, '');
}

/** Python's `" ".join(text.split())`: dbt 1.12 and later hash seeds and files whitespace-compacted. */
export function pyCompactWhitespace(text: string): string {
  return pyStrip(text).replace(RUNS, ' ');
}

/**
 * The text dbt hashes for a file's `checksum`: stripped (dbt 1.7–1.11) or, from dbt 1.12 on, with
 * every run of whitespace made one space. sha256 of it in UTF-8 is the checksum.
 */
export function dbtHashedText(contents: string, rule: 'strip' | 'compact'): string {
  return rule === 'strip' ? pyStrip(contents) : pyCompactWhitespace(contents);
}

/** Values dbt writes into every node's config when nothing set them: they say nothing about a change. */
const DBT_DEFAULTS: Readonly<Record<string, unknown>> = {
  enabled: true,
  lookback: 1,
  on_schema_change: 'ignore',
  on_configuration_change: 'apply',
  access: 'protected',
  delimiter: ',',
  // tests
  severity: 'ERROR',
  fail_calc: 'count(*)',
  warn_if: '!= 0',
  error_if: '!= 0',
  docs: { show: true, node_color: null },
  contract: { enforced: false, alias_types: true },
};

/** Unset: null, empty, or an object of unset values (dbt's source freshness with nothing configured). */
const isEmpty = (v: unknown): boolean =>
  v === null ||
  v === undefined ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every(isEmpty));

/** dbt's `pre-hook` / `post-hook` are tsmodel's `pre_hook` / `post_hook`. */
const keyOf = (k: string) => (k === 'pre-hook' || k === 'post-hook' ? k.replace('-', '_') : k);

/** A hook as dbt records it ({sql, transaction, index}) or as tsmodel does (the SQL). */
const hookSql = (h: unknown) => (h && typeof h === 'object' && 'sql' in h ? (h as { sql: unknown }).sql : h);

/**
 * A config as the configs/relation comparisons with a dbt manifest see it: hook keys and hooks in
 * tsmodel's spelling, and unset values (null, empty, dbt's defaults) left out on both sides.
 */
export function comparableConfig(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [raw, value] of Object.entries(config)) {
    const k = keyOf(raw);
    const hook = k === 'pre_hook' || k === 'post_hook';
    const v = hook
      ? (Array.isArray(value) ? value : [value]).map(hookSql)
      : k === 'severity' && typeof value === 'string'
        ? value.toUpperCase()
        : value;
    if (isEmpty(v) || (k in DBT_DEFAULTS && deepEqual(DBT_DEFAULTS[k], v))) continue;
    out[k] = v;
  }
  return out;
}

/** The config keys a dbt manifest knew of (tsmodel's spelling): keys only tsmodel has cannot have changed there. */
export function dbtConfigKeys(config: Record<string, unknown>): string[] {
  return Object.keys(config).map(keyOf);
}

/** Whether the current config equals what dbt recorded (comparableConfig of it), over the keys dbt knew. */
export function sameAsDbtConfig(
  recorded: Record<string, unknown>,
  keys: readonly string[],
  current: Record<string, unknown>,
): boolean {
  const now = comparableConfig(current);
  const known = new Set(keys);
  return deepEqual(recorded, Object.fromEntries(Object.entries(now).filter(([k]) => known.has(k))));
}
