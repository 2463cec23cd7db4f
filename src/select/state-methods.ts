import { TsmodelError, nearestName } from '../errors/index.js';
import type { ProjectNode } from '../parse/types.js';
import { fnmatcher } from './glob.js';
import type { MethodSpec } from './types.js';
import type { PreviousState } from './types.js';

type Previous = PreviousState['nodes'] extends ReadonlyMap<string, infer V> ? V : never;
type StateCheck = (old: Previous | undefined, node: ProjectNode) => boolean;

/** Deep equality for JSON-like values; a key holding undefined counts as absent (as after a JSON round trip). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = (r: Record<string, unknown>) => Object.keys(r).filter((k) => r[k] !== undefined);
  const ka = keys(ra);
  if (ka.length !== keys(rb).length) return false;
  return ka.every((k) => Object.hasOwn(rb, k) && deepEqual(ra[k], rb[k]));
}

function persistsDescription(config: Record<string, unknown> | undefined): boolean {
  const docs = config?.['persist_docs'];
  return docs !== null && typeof docs === 'object' && (docs as Record<string, unknown>)['relation'] === true;
}

const RELATION_KEYS = ['database', 'schema', 'alias'] as const;

const body: StateCheck = (old, node) => !old || old.checksum !== node.checksum;
const configs: StateCheck = (old, node) => !old || !deepEqual(old.config, node.config);
const relation: StateCheck = (old, node) =>
  !old || RELATION_KEYS.some((k) => !deepEqual(old.config[k], node.config[k]));
const persistedDescriptions: StateCheck = (old, node) =>
  !old ||
  ((persistsDescription(old.config) || persistsDescription(node.config)) &&
    (old.description ?? '') !== node.description);
const modified: StateCheck = (old, node) => body(old, node) || configs(old, node) || persistedDescriptions(old, node);

/** dbt's state checks; like dbt, a node missing from the previous manifest counts as modified in every sense. */
const STATE_CHECKS: Readonly<Record<string, StateCheck>> = {
  new: (old) => !old,
  old: (old) => !!old,
  modified,
  unmodified: (old, node) => !!old && !modified(old, node),
  'modified.body': body,
  'modified.configs': configs,
  'modified.relation': relation,
  'modified.persisted_descriptions': persistedDescriptions,
};

const STATE_HINT =
  'Pass --state DIR pointing at the target/ folder of an earlier run (the folder holding its manifest.json).';

export const stateMethod: MethodSpec = {
  args: 'none',
  checkValue(value) {
    if (Object.hasOwn(STATE_CHECKS, value)) return undefined;
    const near = nearestName(value, Object.keys(STATE_CHECKS));
    return {
      message: `"${value}" is not a state selector`,
      hint: `${near ? `Did you mean state:${near}? ` : ''}Use one of: ${Object.keys(STATE_CHECKS)
        .map((k) => `state:${k}`)
        .join(', ')}.`,
    };
  },
  search(ctx, value) {
    const state = ctx.state;
    if (!state) {
      throw new TsmodelError('selection', `The selector "state:${value}" needs the state of an earlier run`, {
        hint: STATE_HINT,
      });
    }
    const check = STATE_CHECKS[value]!;
    const out = new Set<string>();
    for (const [id, node] of ctx.graph.nodes) if (check(state.nodes.get(id), node)) out.add(id);
    return out;
  },
};

export const resultMethod: MethodSpec = {
  args: 'none',
  search(ctx, value) {
    const results = ctx.previousResults;
    if (!results) {
      throw new TsmodelError('selection', `The selector "result:${value}" needs the results of an earlier run`, {
        hint: STATE_HINT.replace('manifest.json', 'run_results.json'),
      });
    }
    const matches = fnmatcher(value);
    const out = new Set<string>();
    for (const [id, status] of results) if (ctx.graph.nodes.has(id) && matches(status)) out.add(id);
    return out;
  },
};
