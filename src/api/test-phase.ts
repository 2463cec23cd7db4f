import type { Adapter } from '../adapters/index.js';
import type { PostgresDialect } from '../adapters/postgres-dialect.js';
import { compiledPath } from '../artifacts/index.js';
import type { Compiler } from '../compile/index.js';
import { planBatches, readQualityConfig, type QualityConfig } from '../data-tests/index.js';
import { type NodeResult, runTest, TestBatches, placeTests, testGates } from '../execute/index.js';
import { unitTestGates, unitTestsFirst } from '../unit-tests/order.js';
import { runParents, seedGates, seedLoadedSources } from '../graph/index.js';
import type { ProjectNode } from '../parse/index.js';
import type { LoadedProject } from './load.js';

/** How data tests join a run's DAG: their place in the order, the edges that let a failure skip what follows, the quality settings. */
export interface TestPlan {
  order: string[];
  parents(id: string): Iterable<string>;
  hasTests: boolean;
  quality: QualityConfig;
}

/**
 * Checks the quality settings first (a config error stops the run before anything runs), then orders tests after what
 * they test. Ephemeral models are not in the order: what uses one (a model, a test) waits for what it inlines.
 */
export function planTestRun(project: LoadedProject, order: readonly string[]): TestPlan {
  const { graph, config } = project;
  const hasTests = order.some((id) => graph.nodes.get(id)?.resourceType === 'test');
  const quality = readQualityConfig(config.quality, config.locations.quality);
  // A model waits for its unit tests (build): a failing one skips the model and what is built from it.
  // An ephemeral model's parents are what it inlines (runParents).
  const units = unitTestGates(graph, order);
  const placed = units.size > 0 ? unitTestsFirst(graph, order) : [...order];
  const seeded = seedGates(graph, order, noteSeedLoadedSources(project, order));
  const parents = (id: string): Iterable<string> => {
    const own = runParents(graph, id);
    const u = units.get(id);
    const s = seeded.get(id);
    return u || s ? [...own, ...(u ?? []), ...(s ?? [])] : own;
  };
  if (!hasTests) return { order: placed, parents, hasTests, quality };
  const gates = testGates(graph, placed);
  return {
    order: placeTests(graph, placed),
    parents: (id) => [...parents(id), ...(gates.get(id) ?? [])],
    hasTests,
    quality,
  };
}

/** The sources a seed of the run reloads, each said once: what reads them waits for the seed (seedGates). */
function noteSeedLoadedSources(project: LoadedProject, order: readonly string[]) {
  const loaded = seedLoadedSources(project.graph, order);
  for (const { source, seed } of loaded) {
    const src = project.graph.nodes.get(source)!;
    const r = src.relation!;
    project.events.log(
      'info',
      `seed ${project.graph.nodes.get(seed)!.name} loads ${r.schema}.${r.identifier}, the table of source ` +
        `${src.sourceName}.${src.name}: what reads the source waits for the seed in this run`,
      { runId: project.invocationId, node: seed },
    );
  }
  return loaded;
}

export interface TestRunnerDeps {
  adapter: Adapter;
  dialect: PostgresDialect;
  compiler: Compiler;
  /** false: every test runs its own query (benchmarks, and the proof that batching changes nothing). */
  batch: boolean;
}

/** A runner for the run's test nodes, sharing scans between the tests of one relation. */
export function testRunner(
  project: LoadedProject,
  order: readonly string[],
  deps: TestRunnerDeps,
): (node: ProjectNode) => Promise<NodeResult> {
  const { graph, config, target } = project;
  const renderer = project.parsed.renderer;
  const tests = order.map((id) => graph.nodes.get(id)!).filter((n) => n.resourceType === 'test');
  const batches = new TestBatches(deps.adapter, deps.batch ? planBatches(tests, graph.nodes, renderer) : new Map());
  const schemas = new Map<string, Promise<void>>();
  const ensureSchema = (schema: string) => {
    let p = schemas.get(schema);
    if (!p) schemas.set(schema, (p = deps.adapter.query(deps.dialect.createSchema(schema)).then(() => undefined)));
    return p;
  };
  return (node) =>
    runTest(
      {
        adapter: deps.adapter,
        dialect: deps.dialect,
        compiler: deps.compiler,
        graph,
        renderer,
        batches,
        targetSchema: target.schema,
        compiledPath: (n) => compiledPath(config.targetPath, n),
        ensureSchema,
      },
      node,
    );
}
