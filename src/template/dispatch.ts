import { TsmodelError } from '../errors/index.js';
import type { MacroFn, MacroNamespaces } from './namespaces.js';

/** One entry of the project's `dispatch:` config. */
export interface DispatchEntry {
  macro_namespace: string;
  search_order: string[];
}

/** Reads the project's `dispatch:` list (already checked to be a list by config/). */
export function dispatchEntries(raw: readonly unknown[] | undefined): DispatchEntry[] {
  const out: DispatchEntry[] = [];
  for (const e of raw ?? []) {
    if (!e || typeof e !== 'object') continue;
    const { macro_namespace: ns, search_order: order } = e as Record<string, unknown>;
    if (typeof ns !== 'string' || !Array.isArray(order)) continue;
    out.push({ macro_namespace: ns, search_order: order.map(String) });
  }
  return out;
}

/** The adapter prefixes tried in turn: PGlite and Citus are PostgreSQL underneath. */
export function dispatchPrefixes(targetType: string): string[] {
  return targetType === 'citus' ? ['citus', 'postgres', 'default'] : ['postgres', 'default'];
}

export interface DispatchCall {
  name: string;
  namespace: string | undefined;
  /** The scope of the calling node or macro, for an unqualified search. */
  scope: string;
  targetType: string;
}

/**
 * dbt's adapter.dispatch: the packages to search come from the project's `dispatch:` config for the
 * namespace, else the root project then the namespace; in each, `<adapter>__name` then `default__name`.
 * Without a namespace the search is the caller's unqualified lookup.
 */
export function dispatchMacro(ns: MacroNamespaces, entries: readonly DispatchEntry[], call: DispatchCall): MacroFn {
  const { name, namespace } = call;
  if (name.includes('.')) {
    throw new TsmodelError('template', `adapter.dispatch('${name}'): the macro name must not contain a dot`, {
      hint: `Write adapter.dispatch('${name.split('.').pop()}', '${name.split('.')[0]}').`,
    });
  }
  const prefixes = dispatchPrefixes(call.targetType);
  const configured = namespace === undefined ? undefined : entries.find((e) => e.macro_namespace === namespace);
  const packages: (string | undefined)[] =
    namespace === undefined
      ? [undefined]
      : (configured?.search_order ?? [...new Set([ns.rootName, namespace].filter((p) => p !== undefined))]);
  const tried: string[] = [];
  for (const pkg of packages) {
    for (const prefix of prefixes) {
      const candidate = `${prefix}__${name}`;
      tried.push(pkg === undefined ? candidate : `${pkg}.${candidate}`);
      const fn = pkg === undefined ? ns.lookup(call.scope, candidate, call.scope) : ns.inNamespace(pkg, candidate);
      if (typeof fn === 'function') return fn as MacroFn;
    }
  }
  const unknown = packages.filter((p): p is string => p !== undefined && !ns.hasNamespace(p));
  throw new TsmodelError(
    'template',
    `adapter.dispatch('${name}'${namespace === undefined ? '' : `, '${namespace}'`}) found no macro; searched ${tried.join(', ')}`,
    {
      hint: unknown.length
        ? `No package named ${unknown.join(', ')} is installed: run tsmodel deps, or check the dispatch: config.`
        : `Define one of those macros, or check the dispatch: config's search_order.`,
    },
  );
}
