import type { Ast } from './parser.js';
import type { QueryResult, Scope } from './scope.js';
import type { RelationResolver } from './types.js';

/** What a query is analysed in: the CTEs visible to it, the enclosing scope, the project's relations. */
export interface Env {
  /** Innermost WITH last. */
  ctes: readonly ReadonlyMap<string, QueryResult>[];
  /** The query level around this one (correlated subqueries, LATERAL). */
  outer?: Scope;
  resolver: RelationResolver;
  /** Analyses a nested SELECT (passed in to keep the files free of import cycles). */
  analyze(stmt: Ast, env: Env): QueryResult;
}

export function findCte(env: Env, name: string): QueryResult | undefined {
  for (let i = env.ctes.length - 1; i >= 0; i--) {
    const hit = env.ctes[i]!.get(name);
    if (hit) return hit;
  }
  return undefined;
}
