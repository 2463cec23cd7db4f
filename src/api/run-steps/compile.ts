import { Compiler, type CompileContext } from '../../compile/index.js';
import type { LoadedProject } from '../load.js';
import type { RunState } from './state.js';
import type { RunOptions } from './types.js';

/** How a run resolves refs when not to the project's own relations (--defer with --state: see CompileContext). */
export type RefResolution = Pick<CompileContext, 'refRelation'>;

/**
 * The run's compiler: refs resolve to the project's own relations, and is_incremental() reads the run's state.
 * This is where a run's ref resolution is decided: an option that resolves some refs elsewhere (--defer with
 * --state) passes its `refs` here, built from the run's state (which relations exist in the target).
 */
export function runCompiler(project: LoadedProject, state: RunState, opts: RunOptions, refs?: RefResolution): Compiler {
  return new Compiler({
    ...(refs?.refRelation ? { refRelation: refs.refRelation } : {}),
    graph: project.graph,
    parseEnv: project.parsed.parseEnv,
    fullRefresh: opts.fullRefresh ?? false,
    relationExists: (r) => {
      const k = state.kindOf(r);
      return k === 'table' || k === 'partitioned_table';
    },
  });
}
