/**
 * Writes a hook's template asks for (`{% do adapter.drop_relation(this) %}`) belong to the moment the hook
 * runs, not to the moment it is rendered: tsmodel renders a node's hooks before the node builds, where dbt
 * renders them as they run. While a hook renders, the adapter's writing methods (drop, truncate, rename,
 * create or drop a schema) are collected here and run as the hook's first statements instead.
 */
let collector: string[] | undefined;

/** Renders `fn` collecting the writes it asks for; returns its result with those statements. */
export function collectWrites<T>(fn: () => T): { result: T; writes: string[] } {
  const saved = collector;
  const writes: string[] = [];
  collector = writes;
  try {
    return { result: fn(), writes };
  } finally {
    collector = saved;
  }
}

/** True (and the statement kept for later) while a hook renders; false: run it now. */
export function deferWrite(sql: string): boolean {
  if (!collector) return false;
  collector.push(sql);
  return true;
}
