import type { PostgresDialect } from '../adapters/postgres-dialect.js';
import { Compiler } from '../compile/index.js';
import type { TsmodelError } from '../errors/index.js';
import type { LoadedProject } from './load.js';

/**
 * The target dialect's checks of the nodes of a command, before anything
 * runs (Citus: keys and foreign keys that can't hold on a cluster, bad
 * distribution settings). Its notes go to --debug; the problems are returned
 * for the caller to report together. Constraints are resolved only for the
 * nodes the dialect asks about, by `compiler` or an offline one.
 */
export function checkTarget(
  project: LoadedProject,
  ids: Iterable<string>,
  dialect: PostgresDialect,
  compiler?: Compiler,
): TsmodelError[] {
  const { graph, events } = project;
  let c = compiler;
  const compilerOf = () =>
    (c ??= new Compiler({ graph, parseEnv: project.parsed.parseEnv, fullRefresh: false, relationExists: () => false }));
  const nodes = [...ids]
    .map((id) => graph.nodes.get(id)!)
    .filter((n) => n && (n.resourceType === 'model' || n.resourceType === 'snapshot' || n.resourceType === 'seed'))
    .map((node) => ({ node, constraints: () => compilerOf().compile(node.uniqueId).constraints }));
  const checked = dialect.checkModels(nodes);
  for (const note of checked.notes) events.log('debug', note);
  return checked.errors;
}
