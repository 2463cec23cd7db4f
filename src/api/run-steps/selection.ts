import { topologicalOrder } from '../../graph/index.js';
import { MaterializationRegistry } from '../../materialize/index.js';
import type { ProjectNode, ResourceType } from '../../parse/index.js';
import { checkMaterialization } from '../custom-materialization.js';
import { selectFrom, type LoadedProject } from '../load.js';
import { planTestRun, type TestPlan } from '../test-phase.js';
import type { RunOptions } from './types.js';

/** What a run builds: the nodes in run order with their data tests placed, and the materializations they use. */
export interface RunSelection {
  order: string[];
  tests: TestPlan;
  /** Every materialization the selected models name, checked to exist (an unknown one stops the run here). */
  registry: MaterializationRegistry;
  /** Custom materializations the selected models use: name → the macro of its block. */
  customMaterializations: Map<string, string>;
  unitNodes: ProjectNode[];
  /** What the selectors chose, before tests were placed (--defer reads it). */
  selected: ReadonlySet<string>;
}

/** Selects the nodes of the command (or watch mode's exact set), orders them and checks their materializations. */
export function selectRun(
  project: LoadedProject,
  command: string,
  resourceTypes: ResourceType[],
  opts: RunOptions,
): RunSelection {
  const { graph, events } = project;
  const selected = opts.nodes
    ? new Set([...opts.nodes].filter((id) => graph.nodes.has(id)))
    : selectFrom(project, opts, resourceTypes);
  const tests = planTestRun(
    project,
    topologicalOrder(graph, selected).filter((id) => graph.nodes.get(id)!.config.materialized !== 'ephemeral'),
  );
  const order = tests.order;
  if (order.length === 0) {
    const select = opts.select?.length ? ` --select ${opts.select.join(' ')}` : '';
    const exclude = opts.exclude?.length ? ` --exclude ${opts.exclude.join(' ')}` : '';
    events.log('warn', `Nothing to ${command}: nothing matches${select}${exclude}. Check the names with tsmodel ls.`, {
      runId: project.invocationId,
    });
  }
  const registry = new MaterializationRegistry();
  const customMaterializations = new Map<string, string>();
  for (const id of order) {
    const n = graph.nodes.get(id)!;
    if (n.resourceType !== 'model') continue;
    const macro = checkMaterialization(registry, project.parsed.renderer, n, project.target.type);
    if (macro) customMaterializations.set(n.config.materialized, macro);
  }
  const unitNodes = order.map((id) => graph.nodes.get(id)!).filter((n) => n.resourceType === 'unit_test');
  return { order, tests, registry, customMaterializations, unitNodes, selected };
}
