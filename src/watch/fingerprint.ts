import type { LoadedProject } from '../api/load.js';
import { Compiler } from '../compile/index.js';
import type { ParseCache, ProjectNode } from '../parse/index.js';
import { sqlShape } from './sql-shape.js';

/**
 * What decides whether a node must be rebuilt, in two steps so that most
 * nodes cost a string comparison:
 *
 * - `parseKey`: everything the node's compiled SQL can depend on, as parsed —
 *   its text, config, relation, the versions of the macros it calls, and its
 *   parents' relations (an ephemeral parent's whole key, since it is inlined).
 *   Equal keys mean nothing can have changed.
 * - `fingerprint`: what a build would do — the compiled SQL (both branches of
 *   is_incremental() for an incremental model; its layout ignored, see
 *   sqlShape), rendered hooks, constraints, config and relation. A
 *   whitespace-only edit changes the key but not this.
 */
export class Fingerprints {
  private readonly keys = new Map<string, string>();
  private readonly prints = new Map<string, string>();
  private readonly compilers: { plain: Compiler; incremental: Compiler };
  /** What every render sees (vars, target): a project.yml or profile change changes every key. */
  private readonly context: string;

  constructor(
    private readonly project: LoadedProject,
    private readonly cache: ParseCache,
    /** The session's invocation id and start time: templates printing them must not count as changes. */
    stable: { invocationId: string; runStartedAt: string },
  ) {
    const parseEnv = { ...project.parsed.parseEnv, ...stable, log: undefined };
    const make = (exists: boolean) =>
      new Compiler({ graph: project.graph, parseEnv, fullRefresh: false, relationExists: () => exists });
    this.compilers = { plain: make(false), incremental: make(true) };
    this.context = safeJson([parseEnv.vars, parseEnv.target, parseEnv.fullRefresh]);
  }

  private node(id: string): ProjectNode {
    return this.project.graph.nodes.get(id)!;
  }

  parseKey(id: string): string {
    const hit = this.keys.get(id);
    if (hit !== undefined) return hit;
    const n = this.node(id);
    const parents = [...(this.project.graph.parents.get(id) ?? [])].sort().map((pid) => {
      const p = this.node(pid);
      return [
        pid,
        p.relation ?? null,
        p.config.materialized,
        p.config.materialized === 'ephemeral' ? this.parseKey(pid) : '',
      ];
    });
    const hooks =
      n.config.pre_hook.length + n.config.post_hook.length > 0
        ? JSON.stringify([n.config.pre_hook, n.config.post_hook])
        : '';
    const key = safeJson([
      this.context,
      n.resourceType,
      n.rawCode,
      n.checksum,
      n.config,
      n.relation ?? null,
      n.testMetadata ?? null,
      contract(n),
      this.cache.macroSignature(n.rawCode),
      hooks ? this.cache.macroSignature(hooks) : '',
      parents,
    ]);
    this.keys.set(id, key);
    return key;
  }

  /** What a build of the node would do; a node that fails to compile gets its error as fingerprint (so it is tried, and reports it). */
  fingerprint(id: string): string {
    let hit = this.prints.get(id);
    if (hit === undefined) this.prints.set(id, (hit = this.compute(id)));
    return hit;
  }

  private compute(id: string): string {
    const n = this.node(id);
    if (n.resourceType === 'seed') return safeJson(['seed', n.checksum, n.config, n.relation ?? null, contract(n)]);
    // A unit test changes with its YAML entry (its model's changes rerun it through the model).
    if (n.unitTest) return safeJson(['unit_test', n.unitTest, n.config]);
    try {
      const c = this.compilers.plain.compile(id);
      if (n.resourceType === 'test')
        return safeJson([
          'test',
          sqlShape(c.compiledSql),
          n.config,
          n.testMetadata ?? null,
          n.parseError?.message ?? null,
        ]);
      const incremental =
        n.config.materialized === 'incremental' ? sqlShape(this.compilers.incremental.compile(id).compiledSql) : '';
      return safeJson([
        n.resourceType,
        sqlShape(c.compiledSql),
        incremental,
        c.preHooks.map(sqlShape),
        c.postHooks.map(sqlShape),
        c.constraints,
        n.config,
        n.relation ?? null,
        contract(n),
        persistedDocs(n),
      ]);
    } catch (err) {
      return `error:${err instanceof Error ? err.message : String(err)}`;
    }
  }
}

/** Column types and constraints shape the table; descriptions do not (unless persisted). */
function contract(n: ProjectNode): unknown {
  const cols = Object.values(n.columns);
  if (cols.length === 0) return null;
  return cols.map((c) => [c.name, c.data_type ?? null, c.constraints]);
}

function persistedDocs(n: ProjectNode): unknown {
  const docs = n.config.persist_docs as Record<string, unknown> | undefined;
  if (!docs || typeof docs !== 'object') return null;
  return [
    docs.relation ? n.description : null,
    docs.columns ? Object.values(n.columns).map((c) => [c.name, c.description]) : null,
  ];
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return `unstable:${Math.random()}`; // not comparable: treat as changed
  }
}
