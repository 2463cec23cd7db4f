import { TsmodelError } from '../errors/index.js';
import type { Graph } from '../graph/index.js';
import { contextInputs, type ParseEnv, type ProjectNode } from '../parse/index.js';
import { RelationValue, runtimeContext, type TemplateContext } from '../template/index.js';

/** What a model reads during a unit test, and how the run is set up (dbt's overrides). */
export interface RenderOptions {
  /** The CTE name standing for a parent (by unique id); `this` is the model's own id. */
  cteFor(parentId: string): string | undefined;
  isIncremental: boolean;
  vars?: Record<string, unknown>;
  envVars?: Record<string, string>;
  /** Macro name → the value a call returns. */
  macros?: Record<string, unknown>;
}

/**
 * Renders a model's SQL (runtime mode) with every ref()/source() (and `this`)
 * printing as a CTE name instead of its relation: the query a unit test wraps
 * with the fixture CTEs. A parent with no CTE is a compile error naming it.
 */
export function renderWithInputs(graph: Graph, penv: ParseEnv, node: ProjectNode, opts: RenderOptions): string {
  const base = contextInputs(penv, node);
  const inputs = {
    ...base,
    vars: { ...penv.vars, ...(opts.vars ?? {}) },
    env: { ...penv.env, ...(opts.envVars ?? {}) },
  };
  const byName = new Map<string, ProjectNode>();
  for (const id of graph.parents.get(node.uniqueId) ?? []) {
    const p = graph.nodes.get(id)!;
    if (p.resourceType !== 'source') byName.set(p.name, p);
  }
  const stand = (p: ProjectNode, what: string): RelationValue => {
    const cte = opts.cteFor(p.uniqueId);
    if (cte === undefined)
      return penv.renderer.raise(
        new TsmodelError('compile', `${what} has no rows in this unit test`, {
          hint: `Give it as an input of the unit test.`,
        }),
      );
    return new RelationValue(p.relation?.schema ?? '', p.relation?.identifier ?? p.name, undefined, cte);
  };
  const missing = (what: string): never =>
    penv.renderer.raise(
      new TsmodelError('compile', `${what} is not a parent of ${node.name}`, {
        hint: 'ref() and source() must not depend on values that change between parse and run.',
      }),
    );
  const thisCte = opts.cteFor(node.uniqueId);
  const ctx: TemplateContext = runtimeContext({
    ...inputs,
    resolveRef: (name) => {
      const p = byName.get(name);
      return p ? stand(p, `ref('${name}')`) : missing(`ref('${name}')`);
    },
    resolveSource: (src, table) => {
      const p = graph.nodes.get(`source.${node.packageName}.${src}.${table}`);
      return p ? stand(p, `source('${src}', '${table}')`) : missing(`source('${src}', '${table}')`);
    },
    thisRelation: new RelationValue(
      node.relation?.schema ?? '',
      node.relation?.identifier ?? node.name,
      undefined,
      thisCte,
    ),
    isIncremental: opts.isIncremental,
    config: node.config,
  });
  const overrides = new Map<string, unknown>();
  for (const [name, value] of Object.entries(opts.macros ?? {}))
    if (name !== 'is_incremental') overrides.set(name, () => value);
  const sql = penv.renderer.withMacroOverrides(overrides, () =>
    penv.renderer.render(node.originalFilePath, node.rawCode, ctx),
  );
  return sql.trim().replace(/;\s*$/, '');
}
