import { TsmodelError, TsmodelErrors } from '../errors/index.js';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

const GROUPS = ['nodes', 'sources', 'exposures', 'unit_tests', 'macros'] as const;
/** Kinds that live in the database: --defer and clone read their relation. */
const WITH_RELATION = new Set(['model', 'seed', 'snapshot', 'source']);

function problem(path: string, what: string): TsmodelError {
  return new TsmodelError('usage', `--state: ${path}: ${what}`, {
    location: { file: path },
    hint:
      'The manifest is damaged or was edited by hand: download it again from the run that wrote it ' +
      '(its target/manifest.json), or run that target once more.',
  });
}

/** One entry's fields that state selection and --defer read, where the manifest says something else. */
function entryProblems(path: string, group: string, id: string, n: unknown): TsmodelError[] {
  if (!isObj(n)) return [problem(path, `${group}.${id} is not an object`)];
  const out: TsmodelError[] = [];
  const field = (name: string, ok: boolean) => {
    if (!ok) out.push(problem(path, `${group}.${id}.${name} is ${JSON.stringify(n[name]) ?? 'missing'}`));
  };
  const type = n.resource_type;
  if (group === 'macros') {
    field('macro_sql', n.macro_sql === undefined || typeof n.macro_sql === 'string');
    return out;
  }
  field('resource_type', typeof type === 'string');
  // {name, checksum} on nodes; a unit test's is the text itself, or null.
  const sum = n.checksum;
  field(
    'checksum',
    sum === undefined || sum === null || typeof sum === 'string' || (isObj(sum) && typeof sum.checksum === 'string'),
  );
  if (n.config !== undefined) field('config', isObj(n.config));
  const ephemeral = isObj(n.config) && n.config.materialized === 'ephemeral';
  if (typeof type === 'string' && WITH_RELATION.has(type) && !ephemeral) {
    field('schema', typeof n.schema === 'string' && n.schema !== '');
    const name = type === 'source' ? (n.identifier ?? n.name) : (n.alias ?? n.name);
    if (typeof name !== 'string' || name === '') field(type === 'source' ? 'identifier' : 'alias', false);
    field('database', n.database === undefined || n.database === null || typeof n.database === 'string');
  }
  return out;
}

/**
 * Refuses a manifest whose entries --state and --defer cannot read (a relation without a schema, a
 * checksum that is not text…), naming the file, the entry and the field, before anything runs.
 */
export function checkStateFields(path: string, manifest: Json): void {
  const errors: TsmodelError[] = [];
  for (const group of GROUPS) {
    const entries = manifest[group];
    if (entries === undefined || entries === null) continue;
    if (!isObj(entries)) {
      errors.push(problem(path, `"${group}" is not an object`));
      continue;
    }
    for (const [id, n] of Object.entries(entries)) errors.push(...entryProblems(path, group, id, n));
  }
  if (errors.length > 0) throw new TsmodelErrors(errors.slice(0, 20));
}
