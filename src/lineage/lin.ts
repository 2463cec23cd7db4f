import { KIND_ORDER, type LineageKind, type UpstreamColumn } from './types.js';

/** What a value (or a row set) depends on while a query is analysed: upstream columns and unresolved parts. */
export interface Lin {
  deps: Map<string, UpstreamColumn>;
  unknown: Set<string>;
}

export function emptyLin(): Lin {
  return { deps: new Map(), unknown: new Set() };
}

export function unknownLin(reason: string): Lin {
  return { deps: new Map(), unknown: new Set([reason]) };
}

export function columnLin(node: string, column: string): Lin {
  const lin = emptyLin();
  lin.deps.set(`${node}\u0000${column}`, { node, column, kind: 'copy' });
  return lin;
}

const rank = (kind: LineageKind): number => KIND_ORDER.indexOf(kind);

function put(into: Lin, dep: UpstreamColumn): void {
  const key = `${dep.node}\u0000${dep.column}`;
  const had = into.deps.get(key);
  if (!had || rank(dep.kind) < rank(had.kind)) into.deps.set(key, dep);
}

/** The kind of an upstream column once used as `usage` (copy keeps it; row kinds of the inner query stay). */
function compose(inner: LineageKind, usage: LineageKind): LineageKind {
  if (usage === 'copy') return inner;
  if (inner === 'copy' || inner === 'transform') return usage;
  return inner;
}

/** Adds `from` to `into`, each dependency seen through `usage`. */
export function addLin(into: Lin, from: Lin, usage: LineageKind = 'copy'): Lin {
  for (const dep of from.deps.values()) put(into, { ...dep, kind: compose(dep.kind, usage) });
  for (const reason of from.unknown) into.unknown.add(reason);
  return into;
}

export function mergeLins(lins: readonly Lin[], usage: LineageKind = 'copy'): Lin {
  const out = emptyLin();
  for (const lin of lins) addLin(out, lin, usage);
  return out;
}

/** Upstream columns in a stable order (node, column). */
export function sortedDeps(lin: Lin): UpstreamColumn[] {
  return [...lin.deps.values()].sort((a, b) =>
    a.node === b.node ? (a.column < b.column ? -1 : a.column > b.column ? 1 : 0) : a.node < b.node ? -1 : 1,
  );
}
