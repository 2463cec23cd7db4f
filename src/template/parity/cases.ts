import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseDocument } from 'yaml';

/**
 * One corpus case. The expected output is never written down: Jinja2 renders
 * the same case in the same run and its result is the expectation.
 */
export interface ParityCase {
  /** `<topic>/<name>`, the topic being the case file's name without .yml. */
  id: string;
  template: string;
  /** JSON-able values visible to the template, over the dbt context functions. */
  context?: Record<string, unknown>;
  /** Macro files (path → source) whose macros are global, as dbt makes project macros. */
  macros?: Record<string, string>;
  /** Rendered as dbt renders a YAML value (its native environment): the result is a value, not text. */
  native?: boolean;
}

const ALLOWED_KEYS = new Set(['name', 'template', 'context', 'macros']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads every cases/*.yml file; a malformed case is an error naming its file and case. */
export function loadCases(dir: string, native = false): ParityCase[] {
  const cases: ParityCase[] = [];
  const seen = new Set<string>();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .sort();
  for (const file of files) {
    const topic = basename(file, '.yml');
    const doc = parseDocument(readFileSync(join(dir, file), 'utf8'));
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
    const entries: unknown = doc.toJS();
    if (!Array.isArray(entries)) throw new Error(`${file}: expected a list of cases`);
    for (const [i, entry] of entries.entries()) {
      const where = `${file}, case ${i + 1}`;
      if (!isPlainObject(entry)) throw new Error(`${where}: a case is a mapping`);
      const extra = Object.keys(entry).filter((k) => !ALLOWED_KEYS.has(k));
      if (extra.length > 0)
        throw new Error(`${where}: unknown key(s) ${extra.join(', ')} (a case has ${[...ALLOWED_KEYS].join(', ')})`);
      const { name, template, context, macros } = entry;
      if (typeof name !== 'string' || name === '') throw new Error(`${where}: name must be a non-empty string`);
      if (typeof template !== 'string') throw new Error(`${where} (${name}): template must be a string`);
      if (context !== undefined && !isPlainObject(context))
        throw new Error(`${where} (${name}): context must be a mapping`);
      if (macros !== undefined && (!isPlainObject(macros) || Object.values(macros).some((s) => typeof s !== 'string')))
        throw new Error(`${where} (${name}): macros must map file paths to template sources`);
      const id = `${native ? 'native:' : ''}${topic}/${name}`;
      if (seen.has(id)) throw new Error(`${where}: case name '${name}' is used twice in ${file}`);
      seen.add(id);
      cases.push({
        id,
        template,
        ...(context ? { context } : {}),
        ...(macros ? { macros: macros as Record<string, string> } : {}),
        ...(native ? { native } : {}),
      });
    }
  }
  return cases;
}
