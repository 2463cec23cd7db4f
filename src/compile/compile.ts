import { TsmodelError } from '../errors/index.js';
import type { Graph } from '../graph/index.js';
import type { ParseEnv, ProjectNode, Relation } from '../parse/index.js';
import { contextInputs, fullRefreshOf } from '../parse/index.js';
import {
  RelationValue,
  collectWrites,
  extendContext,
  runtimeContext,
  type TemplateContext,
  type TemplateDatabase,
} from '../template/index.js';
import type { ConstraintDef } from '../materialize/index.js';
import { resolveConstraints } from './constraints.js';
import { directTestSql, macroOrigins } from './direct-tests.js';
import { lazyGraphDict, nodeDict } from './node-dict.js';

export interface CompileContext {
  graph: Graph;
  parseEnv: ParseEnv;
  /** Whether a relation exists in the database as a table (drives is_incremental()). */
  relationExists(rel: Relation): boolean;
  fullRefresh: boolean;
  /** The database templates query while they compile (run_query, statement…); absent: they fail saying so. */
  database?: TemplateDatabase;
  /** --defer: the relation a parent's ref reads instead of its own (undefined: its own). Never used for `this`. */
  deferRelation?(node: ProjectNode): Relation | undefined;
  /** Render every built-in test instead of building its SQL from its definition (direct-tests.ts; tests compare). */
  renderTests?: boolean;
}

export interface CompiledNode {
  node: ProjectNode;
  /** Hooks rendered in runtime mode. */
  preHooks: string[];
  postHooks: string[];
  constraints: ConstraintDef[];
  /** config.audit: monitoring queries by name (rows in, rows rejected per rule…), rendered. */
  audit: Record<string, string>;
  /** The node's own SQL with every ephemeral model it uses inlined as CTEs. */
  compiledSql: string;
  /** Whether is_incremental() was true while compiling. */
  incremental: boolean;
  /** Whether its templates queried the database (run_query…): the SQL depends on the data at that moment. */
  queriedDatabase: boolean;
}

/** A generic test's lifted arguments for one render (lists copied: a literal is a fresh list each time). */
function shapeVariables(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) out[k] = Array.isArray(v) ? [...(v as unknown[])] : v;
  return out;
}

interface Parents {
  list: ProjectNode[];
  byName: Map<string, ProjectNode>;
  severalVersions: Set<string>;
}

export const cteName = (name: string): string => `__dbt__cte__${name}`;

/** A model's config.audit: {name: "select count(*) … {{ ref('x') }}"} (the architecture document's monitoring points). */
function auditOf(node: ProjectNode): Record<string, string> {
  const a = node.config.audit;
  if (!a || typeof a !== 'object' || Array.isArray(a)) return {};
  return Object.fromEntries(Object.entries(a as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

/** Whether a node's incremental build applies (dbt's is_incremental()). */
export function isIncrementalRun(node: ProjectNode, ctx: CompileContext): boolean {
  if (node.config.materialized !== 'incremental' || !node.relation) return false;
  return !fullRefreshOf(node.config, ctx.fullRefresh) && ctx.relationExists(node.relation);
}

/**
 * Compiles nodes to SQL in runtime mode. Pure given its context; keeps a
 * cache, so an ephemeral model used by many is rendered once.
 */
export class Compiler {
  private readonly cache = new Map<string, CompiledNode>();
  private readonly bodies = new Map<string, string>();
  private graphDict: Record<string, unknown> | undefined;
  /** Macro names defined outside tsmodel's built-ins, and its own (direct-tests.ts), found on first use. */
  private origins: ReturnType<typeof macroOrigins> | undefined;
  /** Queries templates made so far, through `database` (counted so a compile knows whether it queried). */
  private queries = 0;
  /** While `compileOffline` runs: a template's query stops the compile before anything is sent. */
  private offline = false;
  /** While `recordQueries` runs: the SQL templates send, in order. */
  private recorded: string[] | undefined;
  private readonly database?: TemplateDatabase;
  constructor(private readonly ctx: CompileContext) {
    const db = ctx.database;
    if (db)
      this.database = {
        type: db.type,
        query: (sql) => {
          this.queries++;
          if (this.offline) throw new Error('compiled ahead: a template queries the database');
          this.recorded?.push(sql);
          return db.query(sql);
        },
      };
  }

  /**
   * Runs `fn`, adding the SQL templates send meanwhile to `queries` (a custom materialization's statements, for
   * target/run/; kept when `fn` throws).
   */
  recordQueries<T>(queries: string[], fn: () => T): T {
    const saved = this.recorded;
    this.recorded = queries;
    try {
      return fn();
    } finally {
      this.recorded = saved;
    }
  }

  /**
   * Drops a node's compiled result, so its next compile renders again: for a node compiled early (a view
   * recreated beside its parent's swap) whose templates queried the database before its parents were built.
   */
  forget(uniqueId: string): void {
    this.cache.delete(uniqueId);
    for (const key of [...this.bodies.keys()]) if (key.startsWith(`${uniqueId}|`)) this.bodies.delete(key);
  }

  /**
   * Compiles a node ahead of its turn, without the database: when a template would query it (what it reads may
   * change before the node runs) or the compile fails, nothing is sent and nothing kept, and the node's own
   * compile() renders it then. Whether the result is kept.
   */
  compileOffline(uniqueId: string): boolean {
    if (this.cache.has(uniqueId)) return true;
    this.offline = true;
    try {
      if (!this.compile(uniqueId).queriedDatabase) return true;
    } catch {
      // left for the node's own compile to report
    } finally {
      this.offline = false;
    }
    this.forget(uniqueId);
    return false;
  }

  compile(uniqueId: string): CompiledNode {
    const hit = this.cache.get(uniqueId);
    if (hit) return hit;
    const node = this.node(uniqueId);
    const queriesBefore = this.queries;
    const incremental = isIncrementalRun(node, this.ctx);
    const body = this.body(node, incremental);
    const ctes = this.ephemeralChain(node);
    const compiledSql =
      ctes.length === 0
        ? body
        : injectCtes(
            body,
            ctes.map((id) => `${cteName(this.node(id).name)} as (\n${this.body(this.node(id), false)}\n)`),
          );
    let ctx: TemplateContext | undefined; // made for hooks, constraints and audits, which most nodes have none of
    const render = (what: string, text: string) =>
      String(
        this.ctx.parseEnv.renderer.render(
          `${node.originalFilePath}#${what}`,
          text,
          (ctx ??= this.context(node, incremental)),
        ),
      ).trim();
    // A hook's writes through adapter methods run when the hook runs (its first statements), not now.
    const renderHook = (what: string, text: string) => {
      const { result, writes } = collectWrites(() => render(what, text));
      return [...writes.map((w) => `${w};`), result].filter(Boolean).join('\n');
    };
    const result: CompiledNode = {
      node,
      compiledSql,
      incremental,
      preHooks: node.config.pre_hook.map((h, i) => renderHook(`pre_hook${i}`, h)).filter(Boolean),
      postHooks: node.config.post_hook.map((h, i) => renderHook(`post_hook${i}`, h)).filter(Boolean),
      constraints: resolveConstraints(node, (expr) => render('constraint', `{{ ${expr} }}`)),
      audit: Object.fromEntries(Object.entries(auditOf(node)).map(([k, sql]) => [k, render(`audit_${k}`, sql)])),
      queriedDatabase: false,
    };
    result.queriedDatabase = this.queries > queriesBefore;
    this.cache.set(uniqueId, result);
    return result;
  }

  /**
   * Calls a macro with a node's runtime context installed (materializations written as macros); `extend` adds
   * names to that context, built from it (a custom materialization's sql, run_hooks…).
   */
  callMacro(
    uniqueId: string,
    name: string,
    args: unknown[],
    extend?: (ctx: TemplateContext) => Record<string, unknown>,
  ): unknown {
    const node = this.node(uniqueId);
    const compiled = this.compile(uniqueId);
    const ctx = this.context(node, compiled.incremental);
    return this.ctx.parseEnv.renderer.callMacro(name, args, extend ? extendContext(ctx, extend(ctx)) : ctx, {
      file: node.originalFilePath,
    });
  }

  /**
   * Renders more SQL in a node's runtime context (ref, source, config, …),
   * with the ephemeral models it uses inlined as CTEs: data tests render the
   * query counting the rows they evaluated this way.
   */
  renderFor(uniqueId: string, label: string, text: string): string {
    const node = this.node(uniqueId);
    const sql = this.ctx.parseEnv.renderer
      .render(`${node.originalFilePath}#${label}:${node.name}`, text, this.context(node, false))
      .trim()
      .replace(/;\s*$/, '');
    const ctes = this.ephemeralChain(node);
    return ctes.length === 0
      ? sql
      : injectCtes(
          sql,
          ctes.map((id) => `${cteName(this.node(id).name)} as (\n${this.body(this.node(id), false)}\n)`),
        );
  }

  private node(id: string): ProjectNode {
    const n = this.ctx.graph.nodes.get(id);
    if (!n) throw new TsmodelError('internal', `Unknown node ${id}`);
    return n;
  }

  private body(node: ProjectNode, incremental: boolean): string {
    const key = `${node.uniqueId}|${incremental}`;
    const hit = this.bodies.get(key);
    if (hit !== undefined) return hit;
    const { renderer } = this.ctx.parseEnv;
    const shape = node.renderShape;
    const direct =
      shape && node.resourceType === 'test' && !this.ctx.renderTests ? this.directTest(node, shape) : undefined;
    const sql = (
      direct !== undefined
        ? direct
        : shape
          ? renderer.renderShared(
              node.originalFilePath,
              shape.text,
              extendContext(this.context(node, incremental), shapeVariables(shape.values)),
            )
          : renderer.render(node.originalFilePath, node.rawCode, this.context(node, incremental))
    )
      .trim()
      .replace(/;\s*$/, '');
    this.bodies.set(key, sql);
    return sql;
  }

  /** A built-in test's SQL built from its definition (direct-tests.ts), or undefined: it renders. */
  private directTest(node: ProjectNode, shape: NonNullable<ProjectNode['renderShape']>): string | undefined {
    const origins = (this.origins ??= macroOrigins(this.ctx.parseEnv.renderer.namespaces.all()));
    return directTestSql(shape, {
      overridden: (n) => origins.overridden.has(n),
      builtin: (n) => origins.builtin.has(n),
      where: node.config.where,
      relation: (kind, args) => {
        if (kind === 'source') return this.sourceParent(node, args[0]!, args[1]!)?.render();
        const { byName, severalVersions } = this.parentsOf(node);
        const p = severalVersions.has(args[0]!) ? undefined : byName.get(args[0]!);
        return p && this.relationOf(p).render();
      },
    });
  }

  /** The relation ref() gives for a parent: its own, its deferred one, or an ephemeral's CTE name. */
  private relationOf(p: ProjectNode): RelationValue {
    if (p.config.materialized === 'ephemeral')
      return new RelationValue(p.relation?.schema ?? '', p.name, undefined, cteName(p.name));
    const r = this.ctx.deferRelation?.(p) ?? p.relation!;
    return new RelationValue(r.schema, r.identifier, r.database);
  }

  /** The relation source(src, table) gives a node, or undefined when there is none. */
  private sourceParent(node: ProjectNode, src: string, table: string, parents?: Parents): RelationValue | undefined {
    const p =
      (parents ?? this.parentsOf(node)).list.find(
        (n) => n.resourceType === 'source' && n.sourceName === src && n.name === table,
      ) ?? this.ctx.graph.nodes.get(`source.${node.packageName}.${src}.${table}`);
    return p?.relation ? new RelationValue(p.relation.schema, p.relation.identifier, p.relation.database) : undefined;
  }

  /** A node's parents as its ref() finds them: by name, and the names several versions of which it uses. */
  private parentsOf(node: ProjectNode): Parents {
    const { graph } = this.ctx;
    const list = [...(graph.parents.get(node.uniqueId) ?? [])].map((id) => graph.nodes.get(id)!);
    const byName = new Map<string, ProjectNode>();
    const severalVersions = new Set<string>();
    for (const p of list) {
      if (p.resourceType === 'source') continue;
      if (byName.has(p.name) && byName.get(p.name)!.packageName === p.packageName) severalVersions.add(p.name);
      byName.set(p.name, p);
    }
    return { list, byName, severalVersions };
  }

  /** The runtime template context of a node: its parents' relations, this, is_incremental. */
  private context(node: ProjectNode, incremental: boolean): TemplateContext {
    const { graph, parseEnv } = this.ctx;
    let known: Parents | undefined;
    const parentsOf = () => (known ??= this.parentsOf(node));
    const missing = (what: string): never =>
      parseEnv.renderer.raise(
        new TsmodelError('compile', `${what} was not found while compiling ${node.name}`, {
          hint: 'ref() and source() must not depend on values that change between parse and run.',
        }),
      );
    return runtimeContext({
      ...contextInputs(parseEnv, node),
      graph: (this.graphDict ??= lazyGraphDict(() => graph.nodes.values())),
      nodeDict: () => nodeDict(node),
      resolveRef: (name, pkg) => {
        const { list: parents, byName, severalVersions } = parentsOf();
        if (!pkg && severalVersions.has(name))
          return parseEnv.renderer.raise(
            new TsmodelError('compile', `${node.name} uses two versions of '${name}'; tsmodel supports one per node`, {
              hint: `ref() one version of '${name}' in ${node.name} (split the node if it needs both).`,
            }),
          );
        const p = pkg
          ? parents.find((n) => n.name === name && n.packageName === pkg && n.resourceType !== 'source')
          : byName.get(name);
        return p ? this.relationOf(p) : missing(`ref('${pkg ? `${pkg}', '` : ''}${name}')`);
      },
      resolveSource: (src, table) =>
        this.sourceParent(node, src, table, parentsOf()) ?? missing(`source('${src}', '${table}')`),
      thisRelation: node.relation
        ? new RelationValue(node.relation.schema, node.relation.identifier)
        : new RelationValue('', node.name),
      isIncremental: incremental,
      config: node.config,
      ...(this.database ? { database: this.database } : {}),
    });
  }

  /** Ephemeral ancestors reachable through ephemeral parents, dependencies first. */
  private ephemeralChain(node: ProjectNode): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    // Depth first, parents in sorted order, each listed after its own parents; an explicit stack (a long
    // chain of ephemerals must not exhaust the call stack).
    const frame = (id: string) => ({ id, parents: [...(this.ctx.graph.parents.get(id) ?? [])].sort(), next: 0 });
    const stack = [frame(node.uniqueId)];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next === top.parents.length) {
        stack.pop();
        if (stack.length > 0) out.push(top.id);
        continue;
      }
      const pid = top.parents[top.next++]!;
      const p = this.ctx.graph.nodes.get(pid)!;
      if (p.config.materialized !== 'ephemeral' || seen.has(pid)) continue;
      seen.add(pid);
      stack.push(frame(pid));
    }
    return out;
  }
}

const LEADING_WITH = /^(\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*)with(\s+recursive)?\s/i;

/** Puts CTEs in front of a query, merging with its own WITH clause when it has one. */
export function injectCtes(sql: string, ctes: string[]): string {
  const joined = ctes.join(',\n');
  const m = LEADING_WITH.exec(sql);
  if (m) return `${m[1]}with${m[2] ?? ''} ${joined},\n${sql.slice(m[0].length)}`;
  return `with ${joined}\n${sql}`;
}
