import { TsmodelError, toErrorList } from '../errors/index.js';
import { fullRefreshOf, type ProjectNode } from '../parse/index.js';
import { RelationValue, dispatchPrefixes, splitArgs, type Renderer, type TemplateContext } from '../template/index.js';
import type { NodeResult, NodeRunContext } from './run-node.js';

/**
 * The macro a custom materialization runs: `{% materialization name, adapter %}` blocks are macros named
 * `materialization_<name>_<adapter>`; the most specific adapter wins (citus, postgres, default), and for one
 * adapter the project's block wins over a package's (the renderer's `find` order). A built-in's name
 * (`builtin`) takes only the root project's block: as in dbt since 1.8, a package cannot replace a built-in.
 */
export function customMaterializationMacro(
  renderer: Renderer,
  name: string,
  targetType: string,
  builtin = false,
): string | undefined {
  for (const a of dispatchPrefixes(targetType)) {
    const macro = `materialization_${name}_${a}`;
    const found = renderer.namespaces.find(macro);
    if (found && (!builtin || (!found.info.builtin && found.info.package === undefined))) return macro;
  }
  return undefined;
}

/** dbt's hook objects, as materializations pass them to run_hooks (every tsmodel hook runs inside). */
interface Hook {
  sql: string;
  transaction: boolean;
}

/** What dbt gives a materialization besides the node's runtime context. */
function materializationContext(
  ctx: TemplateContext,
  sql: string,
  hooks: { pre: string[]; post: string[] },
  fullRefresh: boolean,
): Record<string, unknown> {
  const hook = (h: string): Hook => ({ sql: h, transaction: true });
  const adapter = ctx.adapter as { execute(...args: unknown[]): unknown };
  return {
    // Each statement autocommits: a block's adapter.commit() (dbt's materializations call it) has nothing to do.
    adapter: { ...(ctx.adapter as object), commit: () => '' },
    sql,
    compiled_code: sql,
    pre_hooks: hooks.pre.map(hook),
    post_hooks: hooks.post.map(hook),
    run_hooks: (...args: unknown[]) => {
      const { positional, kwargs } = splitArgs(args);
      const list = (positional[0] ?? kwargs.hooks ?? []) as Hook[];
      const inside = (positional[1] ?? kwargs.inside_transaction ?? true) !== false;
      for (const h of list) {
        const text = typeof h === 'string' ? h : h.sql;
        const transaction = typeof h === 'string' ? true : h.transaction !== false;
        if (transaction === inside && text.trim() !== '') adapter.execute(text);
      }
      return '';
    },
    make_temp_relation: (...args: unknown[]) => {
      const { positional, kwargs } = splitArgs(args);
      const base = (positional[0] ?? kwargs.base_relation) as RelationValue;
      const suffix = String(positional[1] ?? kwargs.suffix ?? '__dbt_tmp');
      return new RelationValue(base.schema, `${base.identifier}${suffix}`, base.database, undefined, base.type);
    },
    should_full_refresh: () => fullRefresh,
  };
}

/** The relations a materialization returned, or the error dbt raises for a missing or malformed return. */
function relationsOf(result: unknown, node: ProjectNode, macro: string): unknown[] {
  const what = `The materialization '${node.config.materialized}' (${macro}) building ${node.name}`;
  const hint = "End the materialization with {{ return({'relations': [target_relation]}) }}, as dbt requires.";
  const location = { file: node.originalFilePath };
  if (result === null || result === undefined || typeof result !== 'object' || Array.isArray(result)) {
    throw new TsmodelError('template', `${what} did not return a dict with the relations it built`, {
      location,
      hint,
    });
  }
  const relations = (result as Record<string, unknown>).relations;
  if (!Array.isArray(relations)) {
    const keys = Object.keys(result).join(', ') || 'none';
    throw new TsmodelError('template', `${what} returned no 'relations' list (its keys: ${keys})`, { location, hint });
  }
  return relations;
}

/**
 * Runs a model through a custom materialization, holding one of the adapter's connections while it renders: on
 * PGlite (one session) no other node's transaction is then open, so the block's statements autocommit instead of
 * joining that transaction as savepoints. Never throws: failures become an error result.
 */
export async function runCustomAlone(ctx: NodeRunContext, node: ProjectNode, macro: string): Promise<NodeResult> {
  const started = Date.now();
  try {
    return await ctx.adapter.withConnection(async () => runCustom(ctx, node, macro));
  } catch (err) {
    return errorResult(node, toErrorList(err)[0]!, started, [], undefined);
  }
}

function errorResult(
  node: ProjectNode,
  error: TsmodelError,
  started: number,
  timing: NodeResult['timing'],
  compiledSql: string | undefined,
): NodeResult {
  return {
    uniqueId: node.uniqueId,
    status: 'error',
    message: error.message,
    rowsAffected: null,
    compiledSql,
    error,
    timing,
    elapsedMs: Date.now() - started,
  };
}

/**
 * Runs a model through a custom materialization: renders its macro in the node's runtime context, where
 * statement('main'), run_query and run_hooks execute as they render (each statement autocommits through the
 * template database). Never throws: failures become an error result, located at the template's line.
 */
export function runCustom(ctx: NodeRunContext, node: ProjectNode, macro: string): NodeResult {
  const started = Date.now();
  const stamp = () => new Date().toISOString();
  const timing: NodeResult['timing'] = [];
  let compiledSql: string | undefined;
  const queries: string[] = [];
  const runSql = () => queries.map((q) => `${q.trim().replace(/;\s*$/, '')};\n\n`).join('');
  try {
    const compileStart = stamp();
    const compiled = ctx.compiler.compile(node.uniqueId);
    compiledSql = compiled.compiledSql;
    timing.push({ name: 'compile', startedAt: compileStart, completedAt: stamp() });
    const executeStart = stamp();
    const fullRefresh = fullRefreshOf(node.config, ctx.fullRefresh ?? false);
    const hooks = { pre: compiled.preHooks, post: compiled.postHooks };
    const result = ctx.compiler.recordQueries(queries, () =>
      ctx.compiler.callMacro(node.uniqueId, macro, [], (c) =>
        materializationContext(c, compiled.compiledSql, hooks, fullRefresh),
      ),
    );
    const relations = relationsOf(result, node, macro);
    timing.push({ name: 'execute', startedAt: executeStart, completedAt: stamp() });
    return {
      uniqueId: node.uniqueId,
      status: 'success',
      message: `${node.config.materialized} (${relations.map(String).join(', ')})`,
      rowsAffected: null,
      compiledSql,
      runSql: runSql(),
      timing,
      elapsedMs: Date.now() - started,
    };
  } catch (err) {
    return { ...errorResult(node, toErrorList(err)[0]!, started, timing, compiledSql), runSql: runSql() };
  }
}
