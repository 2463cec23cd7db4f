import { createHash } from 'node:crypto';
import type { Graph } from '../graph/index.js';
import type { MacroRecord, ProjectNode } from '../parse/index.js';
import type { LoadedProject } from './load.js';

/*
 * What a node's compiled SQL is a function of, as one key (api/compile-reuse.ts): the node itself (text, config,
 * relation, columns…), its parents' relations and the relations of the sources it names, the text of every macro
 * its text can reach, and what every render shares (the project, the target, the code: `base`). The vars and env
 * vars a render reads are recorded while it renders and checked beside the key. Any doubt gives no key: the node
 * is rendered.
 */

/**
 * Names whose value is per invocation (run_started_at, invocation_id, modules' clocks), the whole project
 * (graph, selected_resources, context) or a side effect a reuse would lose (log, print, exceptions.warn): a node
 * whose text or macros name one is always rendered.
 */
const VOLATILE = /\b(run_started_at|invocation_id|modules|graph|selected_resources|context|log|print|exceptions)\b/;
const IDENT = /[A-Za-z_]\w*/g;

export const sha = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** What every render of a project shares, as values to hash: its config, the target, --full-refresh. */
export function renderSettings(project: LoadedProject): unknown[] {
  const penv = project.parsed.parseEnv;
  const { config, target } = project;
  return [config, penv.target, penv.projectName, penv.fullRefresh, target.type, target.name];
}

/** Macros by every name a call may reach them by: their name, and what follows each `__` (adapter.dispatch). */
class MacroIndex {
  private readonly byName = new Map<string, MacroRecord[]>();
  private readonly idents = new Map<string, Set<string>>();
  /** Identifier → hash of the macros it reaches ('' none; null: one of them is volatile). */
  private readonly memo = new Map<string, string | null>();

  constructor(macros: Iterable<MacroRecord>) {
    for (const m of macros) {
      const names = new Set([m.name]);
      for (let i = m.name.indexOf('__'); i >= 0; i = m.name.indexOf('__', i + 2)) names.add(m.name.slice(i + 2));
      for (const n of names) {
        const list = this.byName.get(n);
        if (list) list.push(m);
        else this.byName.set(n, [m]);
      }
    }
  }

  /** Hash of the macros `text` can reach, undefined when the text or one of them is volatile. */
  closure(text: string): string | undefined {
    if (VOLATILE.test(text)) return undefined;
    const parts: string[] = [];
    for (const id of new Set(text.match(IDENT) ?? [])) {
      const h = this.reach(id);
      if (h === null) return undefined;
      if (h) parts.push(h);
    }
    return sha(parts.sort().join('\0'));
  }

  private reach(ident: string): string | null {
    const memo = this.memo.get(ident);
    if (memo !== undefined) return memo;
    if (!this.byName.has(ident)) {
      this.memo.set(ident, '');
      return '';
    }
    const queue = [ident];
    const seenIdents = new Set(queue);
    const seen = new Map<string, MacroRecord>();
    let volatile = false;
    while (queue.length > 0 && !volatile) {
      for (const m of this.byName.get(queue.pop()!) ?? []) {
        if (seen.has(m.uniqueId)) continue;
        seen.set(m.uniqueId, m);
        if (VOLATILE.test(m.sql)) volatile = true;
        for (const i of this.identsOf(m))
          if (!seenIdents.has(i)) {
            seenIdents.add(i);
            queue.push(i);
          }
      }
    }
    const parts = [...seen.values()].map((m) => `${m.uniqueId}\0${m.sql}`).sort();
    const hash = volatile ? null : sha(parts.join('\0'));
    this.memo.set(ident, hash);
    return hash;
  }

  private identsOf(m: MacroRecord): Set<string> {
    let ids = this.idents.get(m.uniqueId);
    if (!ids) this.idents.set(m.uniqueId, (ids = new Set(m.sql.match(IDENT) ?? [])));
    return ids;
  }
}

/** Keys of a project's nodes (see above); `base` is the hash of what every render shares. */
export class CompileKeys {
  private readonly macros: MacroIndex;

  constructor(
    private readonly graph: Graph,
    macros: Iterable<MacroRecord>,
    private readonly base: string,
  ) {
    this.macros = new MacroIndex(macros);
  }

  keyOf(node: ProjectNode): string | undefined {
    const parents: unknown[] = [];
    for (const id of [...(this.graph.parents.get(node.uniqueId) ?? [])].sort()) {
      const p = this.graph.nodes.get(id);
      // An ephemeral parent is compiled into the node (its SQL, its parents'): rendered, not reused.
      if (!p || p.config.materialized === 'ephemeral') return undefined;
      parents.push([id, p.name, p.packageName, p.resourceType, p.sourceName, p.version, p.relation]);
    }
    // source() looks a source up by name when it is not a parent.
    const sources = node.sources.map(
      (s) => this.graph.nodes.get(`source.${node.packageName}.${s.source}.${s.table}`)?.relation ?? null,
    );
    const text = [node.rawCode, node.renderShape?.text, JSON.stringify(node.config), JSON.stringify(node.columns)];
    const macros = this.macros.closure(text.join('\n'));
    if (macros === undefined) return undefined;
    return sha(JSON.stringify([this.base, macros, node, parents, sources]));
  }
}
