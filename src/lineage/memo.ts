import { createHash } from 'node:crypto';
import { analyzeSql } from './analyze.js';
import type { KnownRelation, NodeLineage, RelationResolver } from './types.js';

/**
 * One compiled query's analysis as kept: the result is a function of the SQL and of what the resolver answered
 * for each relation name the SQL reads (which node, which columns), nothing else. Those answers are its inputs.
 */
export interface MemoEntry {
  /** Each relation name looked up (lookupKey) and a hash of the answer (answerHash). */
  lookups: [string, string][];
  result: NodeLineage;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** The name as the resolver was asked for it (undefined and '' kept apart). */
export function lookupKey(name: Parameters<RelationResolver>[0]): string {
  return JSON.stringify([name.catalog ?? null, name.schema ?? null, name.name]);
}

/** The name back from its lookupKey. */
function lookupName(key: string): Parameters<RelationResolver>[0] {
  const [catalog, schema, name] = JSON.parse(key) as [string | null, string | null, string];
  return { ...(catalog !== null ? { catalog } : {}), ...(schema !== null ? { schema } : {}), name };
}

const answers = new WeakMap<KnownRelation, string>();

/** The resolver's answer as a short string: '-' for none, else a hash of its node and columns (undefined kept). */
export function answerHash(known: KnownRelation | undefined): string {
  if (!known) return '-';
  let h = answers.get(known);
  if (h === undefined) {
    h = sha(JSON.stringify([known.node, known.columns ?? null]));
    answers.set(known, h);
  }
  return h;
}

/**
 * analyzeSql with its results kept by SQL (a hash of it): an entry is taken only when every lookup its analysis
 * made gets the same answer now; any difference means the SQL is analysed again. Entries not used by a pass are
 * dropped by `prune` (the memo holds one project's queries, not every version of them).
 */
export class LineageMemo {
  private readonly entries = new Map<string, MemoEntry>();
  private readonly used = new Set<string>();
  private stats = { reused: 0, analysed: 0 };

  constructor(stored?: Iterable<[string, MemoEntry]>) {
    if (stored) for (const [k, e] of stored) this.entries.set(k, e);
  }

  /** Adds stored entries the memo does not have (another process's, read from target/). */
  merge(stored: Iterable<[string, MemoEntry]>): void {
    for (const [k, e] of stored) if (!this.entries.has(k)) this.entries.set(k, e);
  }

  analyze(sql: string, resolver: RelationResolver): NodeLineage {
    const key = sha(sql);
    this.used.add(key);
    const prev = this.entries.get(key);
    if (prev && prev.lookups.every(([name, answer]) => answerHash(resolver(lookupName(name))) === answer)) {
      this.stats.reused++;
      return prev.result;
    }
    const lookups = new Map<string, string>();
    const recording: RelationResolver = (name) => {
      const known = resolver(name);
      const k = lookupKey(name);
      if (!lookups.has(k)) lookups.set(k, answerHash(known));
      return known;
    };
    const result = analyzeSql(sql, recording);
    this.entries.set(key, { lookups: [...lookups], result });
    this.stats.analysed++;
    return result;
  }

  /**
   * Ends a pass: drops the entries no analysis asked for since the last one, and says how many analyses were
   * reused or made, and whether the memo changed (what was kept is no longer what it holds).
   */
  endPass(): { changed: boolean; reused: number; analysed: number } {
    let changed = this.stats.analysed > 0;
    for (const k of [...this.entries.keys()])
      if (!this.used.has(k)) {
        this.entries.delete(k);
        changed = true;
      }
    this.used.clear();
    const out = { changed, ...this.stats };
    this.stats = { reused: 0, analysed: 0 };
    return out;
  }

  /** The entries, by SQL hash (what target/ keeps). */
  all(): IterableIterator<[string, MemoEntry]> {
    return this.entries.entries();
  }
}
