import type { MacroFile, Renderer } from '../template/index.js';
import type { ProjectNode } from './types.js';

/** One macro as the manifest records it: its own text and the macros that text calls. */
export interface MacroRecord {
  uniqueId: string;
  name: string;
  packageName: string;
  path: string;
  line: number;
  /** The macro's definition, `{% macro … %}` to `{% endmacro %}` (state:modified.macros compares it). */
  sql: string;
  /** Unique ids of the macros it calls directly. */
  dependsOn: string[];
}

const CALLED = /\b([A-Za-z_]\w*)\s*\(/g;
const QUOTED = /['"]([A-Za-z_]\w*)['"]/g;

function names(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(CALLED)) out.add(m[1]!);
  // adapter.dispatch('x') names its macro in a string.
  for (const m of text.matchAll(QUOTED)) out.add(m[1]!);
  return out;
}

/** The text of one macro (or `{% test %}` block) in its file; the whole file when it can't be cut out. */
export function macroText(source: string, name: string): string {
  const bare = name.replace(/^test_/, '');
  const open = new RegExp(`\\{%-?\\s*(macro\\s+${name}|test\\s+${bare})\\s*\\(`).exec(source);
  if (!open) return source;
  const end = /\{%-?\s*end(?:macro|test)\s*-?%\}/g;
  end.lastIndex = open.index;
  const close = end.exec(source);
  return close ? source.slice(open.index, close.index + close[0].length) : source.slice(open.index);
}

/** Every macro the renderer knows, with its text and direct calls; keyed by name (templates call by name). */
export function macroRecords(
  renderer: Renderer,
  macroFiles: readonly (MacroFile & { package?: string })[],
  projectName: string,
): Map<string, MacroRecord> {
  const files = new Map(macroFiles.map((f) => [f.path, f]));
  const out = new Map<string, MacroRecord>();
  for (const m of renderer.macros.values()) {
    const file = files.get(m.path);
    const pkg = file?.package ?? (m.builtin ? 'tsmodel' : projectName);
    out.set(m.name, {
      uniqueId: `macro.${pkg}.${m.name}`,
      name: m.name,
      packageName: pkg,
      path: m.path,
      line: m.line,
      sql: file ? macroText(file.source, m.name) : '',
      dependsOn: [],
    });
  }
  for (const r of out.values()) r.dependsOn = calledMacros(r.sql, out, r.name);
  return out;
}

/** The macros a text calls directly (a dispatched name resolves to its default__ / postgres__ variants too). */
export function calledMacros(text: string, macros: ReadonlyMap<string, MacroRecord>, self?: string): string[] {
  const ids = new Set<string>();
  for (const n of names(text)) {
    for (const name of [n, `default__${n}`, `postgres__${n}`]) {
      const m = macros.get(name);
      if (m && name !== self) ids.add(m.uniqueId);
    }
  }
  return [...ids].sort();
}

/**
 * Fills each node's depends_on.macros: the macros its SQL and hooks call, after what parsing already resolved
 * (a generic test's own macro, in its namespace, stays first: the batch planner reads it).
 */
export function recordMacroDependencies(nodes: readonly ProjectNode[], macros: ReadonlyMap<string, MacroRecord>): void {
  for (const n of nodes) {
    const text = [n.rawCode, ...n.config.pre_hook, ...n.config.post_hook].join('\n');
    n.dependsOn.macros = [...new Set([...n.dependsOn.macros, ...calledMacros(text, macros)])];
  }
}
