import { createHash } from 'node:crypto';
import type { Warning } from '../config/types.js';
import type { TsmodelError } from '../errors/index.js';
import type { ProjectFile } from '../project/index.js';
import { Renderer, type MacroFile, type RendererOptions } from '../template/index.js';
import type { TestTarget } from './generic-tests.js';
import type { SchemaYaml } from './schema-yaml.js';
import type { RenderedSqlFile } from './sql-node.js';
import type { ProjectNode, Relation, ResourceType } from './types.js';

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/g;
/** What relationFor renders for every node. */
const RELATION_MACROS = ['generate_schema_name', 'generate_alias_name'];

/** How many files the last parse rendered and how many it took from the cache. */
export interface ParseCacheStats {
  rendered: number;
  reused: number;
  /** Paths of the files rendered (SQL files and YAML files read again). */
  renderedFiles: string[];
}

interface SqlEntry {
  checksum: string;
  relPath: string;
  macros: string;
  /** The values of the vars and env vars the render read (env values hashed). */
  inputs: string;
  result: RenderedSqlFile;
}

/** What a parse cache keeps of rendered SQL files across processes (target/partial_parse). */
export interface StoredSqlEntries {
  context: string;
  entries: [string, SqlEntry][];
}

interface MacroIndex {
  /** Macro name → a fingerprint of the file defining it. */
  version: Map<string, string>;
  /** Macro name → identifiers its file uses (a macro may call any other). */
  uses: Map<string, Set<string>>;
}

function identifiers(text: string): Set<string> {
  return new Set(text.match(IDENT) ?? []);
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * An opt-in memory of earlier parses of one project, for watch mode: a SQL
 * file whose text is unchanged, and none of whose macros (followed through
 * the macros they call) changed, is not rendered again; nor is an unchanged
 * YAML file read again, nor a relation name computed again. Which macros a
 * file uses is read from its text (every identifier naming a macro), so a
 * changed macro re-parses exactly its callers.
 *
 * Valid while the project config, target, vars and environment stay the
 * same: make a new one when project.yml or profiles.yml changes.
 */
export class ParseCache {
  private rendererKey = '';
  private current?: { renderer: Renderer; index: MacroIndex };
  private readonly sql = new Map<string, SqlEntry>();
  /** What every render saw that no file records (project name, target, flags, packages): a change forgets every file. */
  private contextKey = '';
  private readonly yamlFiles = new Map<string, { contents: string; result: SchemaYaml; warnings: Warning[] }>();
  private readonly relations = new Map<string, { key: string; relation: Relation }>();
  private readonly generic = new Map<string, { key: string; nodes: ProjectNode[] }>();
  /** Text → its macro signature, for the current renderer. */
  private signatures = new Map<string, string>();
  private relationMacros?: string;
  private seen = new Set<string>();
  stats: ParseCacheStats = { rendered: 0, reused: 0, renderedFiles: [] };

  /** Starts a parse: the renderer of the last parse when no macro file changed, else a new one. */
  renderer(macroFiles: readonly MacroFile[], options: RendererOptions = {}): Renderer {
    this.stats = { rendered: 0, reused: 0, renderedFiles: [] };
    this.seen = new Set();
    this.relationMacros = undefined;
    const key = hash(
      JSON.stringify(options) + macroFiles.map((f) => `${f.path}\0${f.package ?? ''}\0${f.source}`).join('\0\0'),
    );
    if (this.current && key === this.rendererKey) return this.current.renderer;
    const renderer = new Renderer(macroFiles, options);
    const byPath = new Map(macroFiles.map((f) => [f.path, f]));
    const index: MacroIndex = { version: new Map(), uses: new Map() };
    const fileIdents = new Map<string, Set<string>>();
    // Every namespace's macro: one name may be defined in several packages (each counts for the cache).
    for (const info of renderer.namespaces.all()) {
      const { name } = info;
      const file = byPath.get(info.path);
      const source = file?.source ?? '';
      const version = `${info.path}@${hash(source)}`;
      const before = index.version.get(name);
      index.version.set(name, before ? `${before},${version}` : version);
      let ids = fileIdents.get(info.path);
      if (!ids) fileIdents.set(info.path, (ids = identifiers(source)));
      const used = index.uses.get(name);
      index.uses.set(name, used ? new Set([...used, ...ids]) : ids);
    }
    this.rendererKey = key;
    this.current = { renderer, index };
    this.signatures = new Map();
    return renderer;
  }

  /** The macros a text may call, directly or through other macros, with their versions: a cache key (watch mode compares it too). */
  macroSignature(text: string, extra: readonly string[] = []): string {
    const index = this.current?.index;
    if (!index) return '';
    const memoKey = extra.length === 0 ? text : `${text}\0${extra.join(',')}`;
    const memo = this.signatures.get(memoKey);
    if (memo !== undefined) return memo;
    const ids = identifiers(text);
    const used = new Set<string>();
    const visit = (id: string) => {
      // adapter.dispatch('x') resolves to default__x / postgres__x.
      for (const name of [id, `default__${id}`, `postgres__${id}`]) {
        if (used.has(name) || !index.version.has(name)) continue;
        used.add(name);
        for (const next of index.uses.get(name) ?? []) visit(next);
      }
    };
    for (const id of ids) visit(id);
    for (const id of extra) visit(id);
    const signature = [...used]
      .sort()
      .map((n) => `${n}=${index.version.get(n)}`)
      .join(',');
    if (this.signatures.size > 100_000) this.signatures.clear();
    this.signatures.set(memoKey, signature);
    return signature;
  }

  /** Starts a parse in this context (a key of what every render sees); a different one forgets every file. */
  context(key: string): void {
    if (key === this.contextKey) return;
    this.contextKey = key;
    for (const map of [this.sql, this.yamlFiles, this.relations, this.generic] as Map<string, unknown>[]) map.clear();
  }

  /**
   * A SQL file (model, analysis, singular test, snapshot block) rendered in parse mode, or the same result as
   * last time: same text (checksum), same macros, and the vars and env vars its render read (`inputsOf`) unchanged.
   */
  sqlFile(
    type: ResourceType,
    file: ProjectFile,
    parse: () => RenderedSqlFile,
    inputsOf: (node: ProjectNode) => string = () => '',
  ): RenderedSqlFile {
    const key = `${type}:${file.path}#${file.relPath}`;
    this.seen.add(key);
    const macros = this.macroSignature(file.contents);
    const hit = this.sql.get(key);
    const same = hit && hit.checksum === file.checksum && hit.relPath === file.relPath && hit.macros === macros;
    if (hit && same && hit.inputs === inputsOf(hit.result.node)) {
      this.stats.reused++;
      return { node: { ...cloneNode(hit.result.node), rawCode: file.contents }, record: hit.result.record };
    }
    this.stats.rendered++;
    this.stats.renderedFiles.push(file.path);
    this.sql.delete(key);
    const result = parse(); // a template error is thrown and not cached: the file is rendered again next time
    this.sql.set(key, {
      checksum: file.checksum,
      relPath: file.relPath,
      macros,
      inputs: inputsOf(result.node),
      result: { node: cloneNode(result.node), record: result.record },
    });
    return result;
  }

  /** The rendered SQL files as plain data (their text left out: a hit takes it from the file), for target/. */
  sqlEntries(): StoredSqlEntries {
    const entries: StoredSqlEntries['entries'] = [];
    for (const [key, e] of this.sql)
      entries.push([key, { ...e, result: { ...e.result, node: { ...e.result.node, rawCode: '' } } }]);
    return { context: this.contextKey, entries };
  }

  /** Takes rendered SQL files back from an earlier process (sqlEntries). */
  restoreSqlEntries(stored: StoredSqlEntries): void {
    this.contextKey = stored.context;
    this.sql.clear();
    for (const [key, e] of stored.entries) this.sql.set(key, e);
  }

  /** A properties YAML file, parsed once per version (problems are not cached: a file with errors is read again). */
  yaml(
    file: ProjectFile,
    errors: TsmodelError[],
    warnings: Warning[],
    parse: (errors: TsmodelError[], warnings: Warning[]) => SchemaYaml,
  ): SchemaYaml {
    const key = `yaml:${file.path}`;
    this.seen.add(key);
    const hit = this.yamlFiles.get(key);
    if (hit && hit.contents === file.contents) {
      this.stats.reused++;
      warnings.push(...hit.warnings);
      return cloneData(hit.result);
    }
    this.stats.rendered++;
    this.stats.renderedFiles.push(file.path);
    this.yamlFiles.delete(key);
    const ownErrors: TsmodelError[] = [];
    const ownWarnings: Warning[] = [];
    const result = parse(ownErrors, ownWarnings);
    errors.push(...ownErrors);
    warnings.push(...ownWarnings);
    if (ownErrors.length === 0)
      this.yamlFiles.set(key, { contents: file.contents, result: cloneData(result), warnings: ownWarnings });
    return result;
  }

  /** A node's relation (generate_schema_name / generate_alias_name), computed again only when its inputs or those macros change. */
  relation(node: ProjectNode, compute: () => Relation): Relation {
    const id = `relation:${node.uniqueId}`;
    this.seen.add(id);
    const nodeArg = [node.name, node.resourceType, node.fqn, node.config, node.path, node.originalFilePath];
    let key: string;
    try {
      key = `${(this.relationMacros ??= this.macroSignature('', RELATION_MACROS))}|${JSON.stringify(nodeArg)}`;
    } catch {
      return compute(); // a config value JSON can't hold: no caching
    }
    const hit = this.relations.get(id);
    if (hit && hit.key === key) return { ...hit.relation };
    const relation = compute();
    this.relations.set(id, { key, relation: { ...relation } });
    return relation;
  }

  /** The test nodes of YAML-declared tests, built again only for targets whose entries, node or test macros changed. */
  genericTests(
    targets: readonly TestTarget[],
    build: (targets: readonly TestTarget[]) => { nodes: ProjectNode[]; errors: TsmodelError[] },
  ): { nodes: ProjectNode[]; errors: TsmodelError[] } {
    const nodes: ProjectNode[] = [];
    const errors: TsmodelError[] = [];
    for (const target of targets) {
      const t = target.node;
      const id = `tests:${t.uniqueId}`;
      this.seen.add(id);
      const entries = target.entries.map((e) => [e.raw, e.column, e.location]);
      let key: string;
      try {
        const text = JSON.stringify(entries);
        const testMacros = [...identifiers(text)].map((x) => `test_${x}`);
        key =
          `${this.macroSignature(text, [...testMacros, 'get_where_subquery'])}|` +
          `${JSON.stringify([t.name, t.resourceType, t.sourceName, t.config.enabled])}|${text}`;
      } catch {
        key = '';
      }
      const hit = this.generic.get(id);
      if (key && hit && hit.key === key) {
        nodes.push(...hit.nodes.map(cloneNode));
        continue;
      }
      const built = build([target]);
      nodes.push(...built.nodes);
      errors.push(...built.errors);
      if (key && built.errors.length === 0) this.generic.set(id, { key, nodes: built.nodes.map(cloneNode) });
      else this.generic.delete(id);
    }
    return { nodes, errors };
  }

  /** Ends a parse: forgets the files that are gone. */
  sweep(): void {
    for (const map of [this.sql, this.yamlFiles, this.relations, this.generic] as Map<string, unknown>[]) {
      for (const k of map.keys()) if (!this.seen.has(k)) map.delete(k);
    }
  }
}

/** A copy of a freshly parsed node that the rest of the parse may change without touching the cached one. */
function cloneNode(node: ProjectNode): ProjectNode {
  return {
    ...node,
    config: { ...node.config },
    refs: [...node.refs],
    sources: [...node.sources],
    dependsOn: { nodes: [...node.dependsOn.nodes], macros: [...node.dependsOn.macros] },
    columns: { ...node.columns },
    location: { ...node.location },
  };
}

/** A deep copy of plain objects and arrays; functions and class instances are shared (YAML entries carry locators). */
function cloneData<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneData) as T;
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cloneData(v);
    return out as T;
  }
  return value;
}
