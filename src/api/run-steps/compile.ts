import { Compiler } from '../../compile/index.js';
import type { LoadedProject } from '../load.js';
import type { Deferral } from '../defer.js';
import type { RunSession } from './session.js';
import type { RunState } from './state.js';
import type { RunOptions } from './types.js';

/**
 * The run's compiler: refs resolve to the project's own relations, and is_incremental() reads the run's state.
 * This is where a run's ref resolution is decided: an option that resolves some refs elsewhere (--defer with
 * --state) passes its `deferral` here, built from the state manifest and the run's catalog.
 */
export function runCompiler(
  project: LoadedProject,
  state: RunState,
  opts: RunOptions,
  session?: RunSession,
  deferral?: Deferral,
): Compiler {
  return new Compiler({
    ...(deferral ? { deferRelation: deferral.relationFor } : {}),
    graph: project.graph,
    parseEnv: project.parsed.parseEnv,
    fullRefresh: opts.fullRefresh ?? false,
    ...(session?.templateDb ? { database: session.templateDb } : {}),
    relationExists: (r) => {
      const k = state.kindOf(r);
      return k === 'table' || k === 'partitioned_table';
    },
  });
}
