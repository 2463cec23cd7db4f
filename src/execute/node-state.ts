import type { Adapter } from '../adapters/index.js';
import type { CatalogSnapshot } from '../adapters/catalog.js';
import {
  dependentNames,
  getDependents,
  getRelation,
  type Dependents,
  type RelationInfo,
} from '../adapters/introspect.js';
import type { Relation } from '../parse/index.js';
import type { KeyedLock } from './keyed-lock.js';

const NO_DEPENDENTS: Dependents = { views: [], foreignKeys: [] };

/** What a node's plan is made from: the relation as it is, and (when asked) what depends on it. */
export interface NodeState {
  dependents: Dependents;
  /**
   * True when the dependents come from the run's catalog snapshot rather than a fresh read: the plan then drops
   * exactly those and the old relation without CASCADE, so anything that appeared since fails the statement
   * (SQLSTATE 2BP01) instead of being dropped, and the node is planned again from a fresh read.
   */
  fromSnapshot: boolean;
  /** Ends the node's turn on the dependents it recreates (see lockDependents). */
  unlock(): void;
}

/** The relation as the run's snapshot has it (no query), or as the catalog has it now. */
export async function existingRelation(
  adapter: Adapter,
  catalog: CatalogSnapshot | undefined,
  relation: Relation,
): Promise<RelationInfo | undefined> {
  if (catalog) return catalog.relations.get(`${relation.schema}.${relation.identifier}`);
  return getRelation(adapter, relation);
}

const namesOf = (d: Dependents) =>
  [
    ...new Set([...d.views.map((v) => `${v.schema}.${v.name}`), ...d.foreignKeys.map((f) => `${f.schema}.${f.table}`)]),
  ].sort();

/**
 * Two rebuilds that recreate the same dependent (a view on both tables, a table with foreign keys onto both)
 * deadlock on PostgreSQL when they run at once: each holds its own table and waits for the dependent the other
 * holds. They take turns instead: a rebuild holds, by name, every dependent it will recreate, from reading
 * their definitions until its transaction ends. The lock belongs to the run (NodeRunContext.dependentLock).
 */
async function lockNames(lock: KeyedLock | undefined, names: () => Promise<string[]>): Promise<() => void> {
  if (!lock) return () => {};
  const list = await names();
  if (list.length === 0) return () => {};
  return lock.acquire(list);
}

/**
 * The dependents of `relation` for its plan: from the run's snapshot when there is one and `fresh` is false
 * (no query), else read now (after taking the dependents' lock).
 */
export async function nodeDependents(
  adapter: Adapter,
  lock: KeyedLock | undefined,
  catalog: CatalogSnapshot | undefined,
  relation: Relation,
  fresh: boolean,
): Promise<NodeState> {
  if (catalog && !fresh) {
    const dependents = catalog.dependentsOf(relation);
    const unlock = await lockNames(lock, async () => namesOf(dependents));
    return { dependents, fromSnapshot: true, unlock };
  }
  const unlock = await lockNames(lock, () => dependentNames(adapter, relation));
  try {
    return { dependents: await getDependents(adapter, relation), fromSnapshot: false, unlock };
  } catch (err) {
    unlock();
    throw err;
  }
}

export const noDependents = (): NodeState => ({ dependents: NO_DEPENDENTS, fromSnapshot: false, unlock: () => {} });
