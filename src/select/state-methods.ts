export { deepEqual } from './deep-equal.js';
import { TsmodelError, nearestName } from '../errors/index.js';
import { fnmatcher } from './glob.js';
import type { MethodSpec } from './types.js';
import {
  body,
  checkEnv,
  configs,
  contract,
  macros,
  modified,
  persistedDescriptions,
  relation,
  vars,
  type StateCheck,
} from './state-checks.js';

/** dbt's state checks; like dbt, a node missing from the previous manifest counts as modified in every sense. */
const STATE_CHECKS: Readonly<Record<string, StateCheck>> = {
  new: (old) => !old,
  old: (old) => !!old,
  modified,
  unmodified: (old, node, env) => !!old && !modified(old, node, env),
  'modified.body': body,
  'modified.configs': configs,
  'modified.relation': relation,
  'modified.persisted_descriptions': persistedDescriptions,
  'modified.macros': macros,
  'modified.contract': contract,
  'modified.vars': vars,
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
    const env = checkEnv(ctx);
    const out = new Set<string>();
    for (const [id, node] of ctx.graph.nodes) if (check(state.nodes.get(id), node, env)) out.add(id);
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

/** dbt's source_status:fresher: sources whose latest load is later now (target/sources.json) than in --state's. */
export const sourceStatusMethod: MethodSpec = {
  args: 'none',
  checkValue(value) {
    if (value === 'fresher') return undefined;
    return { message: `"${value}" is not a source_status selector`, hint: 'Use source_status:fresher (as in dbt).' };
  },
  search(ctx) {
    const { previous, current } = ctx.sourceFreshness ?? {};
    if (!previous)
      throw new TsmodelError(
        'selection',
        'The selector "source_status:fresher" needs the sources.json of an earlier run',
        {
          hint: 'Pass --state DIR pointing at a folder holding the sources.json an earlier `tsmodel source freshness` wrote.',
        },
      );
    if (!current)
      throw new TsmodelError(
        'selection',
        'The selector "source_status:fresher" needs this project\'s target/sources.json',
        {
          hint: 'Run `tsmodel source freshness` first: it writes the current load times to compare.',
        },
      );
    const out = new Set<string>();
    for (const [id, now] of current) {
      const before = previous.get(id);
      if (now !== null && ctx.graph.nodes.has(id) && (before === undefined || before === null || now > before))
        out.add(id);
    }
    return out;
  },
};
