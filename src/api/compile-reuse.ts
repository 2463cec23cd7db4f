import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import {
  manifestMetadata,
  type ManifestSection,
  readCompileCache,
  writeCompileCache,
  writeProjectFileKnown,
  type StoredCompile,
  type StoredCompiles,
} from '../artifacts/index.js';
import type { CompiledNode } from '../compile/index.js';
import type { ParseEnv, ProjectNode } from '../parse/index.js';
import { isSecretEnvName, scrubText, secretsKnown } from '../secrets/index.js';
import { CompileKeys, renderSettings, sha } from './compile-keys.js';
import { writeCompileManifest } from './compile-manifest.js';
import type { LoadedProject } from './load.js';
import { codeStamp } from './partial-parse.js';

/** The code a compiled node's SQL depends on (a cache written by other code is never read). */
const COMPILE_CODE = [
  ...['parse', 'template', 'config', 'project', 'test-catalog', 'packages', 'compile', 'materialize', 'sql'],
  ...['graph', 'lineage', 'api', 'artifacts', 'secrets', 'unit-tests', 'data-tests'],
];

type Reads = { vars: Set<string>; env: Set<string> };

/** Notes the names read on `target` (while a node renders). */
function watched<T extends object>(target: T, noteName: (name: string) => void): T {
  const note = (k: string | symbol) => typeof k === 'string' && noteName(k);
  return new Proxy(target, {
    get: (t, k) => (note(k), Reflect.get(t, k)),
    has: (t, k) => (note(k), Reflect.has(t, k)),
    getOwnPropertyDescriptor: (t, k) => (note(k), Reflect.getOwnPropertyDescriptor(t, k)),
    ownKeys: (t) => (Object.keys(t).forEach(note), Reflect.ownKeys(t)),
  });
}

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Compiled SQL kept in target/compile_cache.json between processes: a node whose key (compile-keys.ts) and the
 * values of the vars and env vars its last render read are unchanged is not rendered again, and its compiled file,
 * when it still has the size and time it was written with, is neither read nor rewritten. A render that queried
 * the database, read a secret or produced text holding one is not kept.
 */
export class CompileReuse {
  /** The parse environment to compile with: the same, its vars and env watched. */
  readonly parseEnv: ParseEnv;
  /** How many nodes were taken as stored, and which were rendered. */
  readonly stats: { reused: number; rendered: string[] } = { reused: 0, rendered: [] };
  private readonly path: string;
  private readonly stamp = codeStamp(COMPILE_CODE);
  private readonly previous: StoredCompiles;
  private readonly next: Record<string, StoredCompile> = {};
  private readonly keys: CompileKeys;
  private readonly base: string;
  /** This parse's generation with the code and settings, when there is one (see StoredCompiles.generation). */
  private readonly generation?: string;
  /** Whether the stored keys were made from this very parse: they are taken without being made again. */
  private readonly trusted: boolean;
  private carried = false;
  private reads: Reads | undefined;
  private changed = false;
  readonly reason?: string;

  constructor(private readonly project: LoadedProject) {
    this.path = resolve(project.config.projectRoot, project.config.targetPath, 'compile_cache.json');
    const read = readCompileCache(this.path, this.stamp);
    this.previous = 'reason' in read ? { nodes: {} } : read;
    if ('reason' in read) this.reason = read.reason;
    const penv = project.parsed.parseEnv;
    const base = (this.base = sha(JSON.stringify([this.stamp, ...renderSettings(project)])));
    this.keys = new CompileKeys(project.graph, project.parsed.macros?.values() ?? [], base);
    // The stored parse this one is (generation), or is but for files edited in place (editedFrom): the keys of
    // nodes whose checksum is the one their entry was made with are taken as stored.
    const gen = project.partialParse?.generation ?? project.partialParse?.editedFrom;
    if (gen) this.generation = sha(`${base}\0${gen}`);
    this.trusted = this.generation !== undefined && this.previous.generation === this.generation;
    // The renderer stays a getter (a reuse of everything never makes it).
    this.parseEnv = Object.defineProperties({}, Object.getOwnPropertyDescriptors(penv)) as ParseEnv;
    this.parseEnv.vars = watched(penv.vars, (n) => this.reads?.vars.add(n));
    this.parseEnv.env = watched(penv.env, (n) => this.reads?.env.add(n));
    // A package's nodes read its vars (the project's for it, and --vars): noted as `package\0name`.
    if (penv.packageVars)
      this.parseEnv.packageVars = new Map(
        [...penv.packageVars].map(([pkg, vars]) => [pkg, watched(vars, (n) => this.reads?.vars.add(`${pkg}\0${n}`))]),
      );
  }

  /** The node's SQL as stored, when nothing it was made from changed. */
  reused(node: ProjectNode): string | undefined {
    const prev = this.previous.nodes[node.uniqueId];
    if (!prev) return undefined;
    const trusted = this.trusted && prev.checksum === node.checksum;
    if (!trusted && prev.key !== this.keys.keyOf(node)) return undefined;
    const { vars, env } = this.hashes(Object.keys(prev.vars), Object.keys(prev.env));
    for (const [n, h] of Object.entries(prev.vars)) if (vars[n] !== h) return undefined;
    for (const [n, h] of Object.entries(prev.env)) if (env[n] !== h) return undefined;
    this.stats.reused++;
    this.next[node.uniqueId] = prev;
    return prev.sql;
  }

  /** Compiles a node (`run`), keeping its SQL for the next process when it may be. */
  compile(node: ProjectNode, run: () => CompiledNode): CompiledNode {
    const reads: Reads = { vars: new Set(), env: new Set() };
    this.reads = reads;
    let compiled: CompiledNode;
    try {
      compiled = run();
    } finally {
      this.reads = undefined;
    }
    this.stats.rendered.push(node.uniqueId);
    this.changed = true;
    const sql = compiled.compiledSql;
    const key = !compiled.queriedDatabase && scrubText(sql) === sql && this.keys.keyOf(node);
    if (key && ![...reads.env].some(isSecretEnvName))
      this.next[node.uniqueId] = { key, checksum: node.checksum, sql, ...this.hashes(reads.vars, reads.env) };
    else delete this.next[node.uniqueId];
    return compiled;
  }

  /** Writes the node's compiled file, unless it still is as this cache last wrote it (same text, size and time). */
  writeFile(node: ProjectNode, relPath: string, sql: string): void {
    const prev = this.previous.nodes[node.uniqueId];
    const known = prev?.file?.path === relPath && prev.sql === sql ? prev.file : undefined;
    const file = writeProjectFileKnown(this.project.config.projectRoot, relPath, `${sql}\n`, known);
    const entry = this.next[node.uniqueId];
    if (!entry) return;
    const now = file && { path: relPath, ...file };
    if (JSON.stringify(now) === JSON.stringify(entry.file)) return;
    this.next[node.uniqueId] = { ...entry, file: now };
    this.changed = true;
  }

  /**
   * The key of what a compile's outputs are made of: the stored parse (PartialParse.generation, or editedFrom with
   * every node's checksum, which names the edited files' text), the code and settings, and the compiled SQL. The
   * column-lineage warnings (which read the whole project: nodes, columns, tests, seeds' headers) and manifest.json
   * are kept under it.
   */
  warningsKey(sqlById: ReadonlyMap<string, string>): string | undefined {
    if (!this.generation) return undefined;
    if (this.outputs?.sqlById === sqlById) return this.outputs.key;
    const { nodes, disabled } = this.project.parsed;
    // Hashed piece by piece (the SQL of 40,000 nodes is tens of MB): each string with its length before it.
    const hash = createHash('sha256').update(this.generation);
    const add = (text: string) => hash.update(`\0${text.length}:`).update(text);
    for (const n of [...nodes, ...disabled]) add(`${n.uniqueId}\0${n.checksum}`);
    hash.update('\0sql');
    for (const [id, sql] of [...sqlById].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      add(id);
      add(sql);
    }
    const key = hash.digest('hex').slice(0, 32);
    this.outputs = { sqlById, key };
    return key;
  }

  private outputs: { sqlById: ReadonlyMap<string, string>; key: string } | undefined;

  /** The column-lineage warnings kept for exactly this compile (`key`), if any. */
  warnings(key: string | undefined): string[] | undefined {
    const w = this.previous.warnings;
    return key && w && w.key === key ? w.lines : undefined;
  }

  /** Says what was reused (a debug line) and keeps what the next process may reuse (none after errors). */
  finish(selected: ReadonlySet<string> | undefined, warnings?: { key: string; lines: string[] }): void {
    const { reused, rendered } = this.stats;
    const why = this.reason ? ` (${this.reason})` : '';
    const { events } = this.project;
    events.log('debug', `compile reuse: ${reused} node(s) reused, ${rendered.length} rendered${why}`);
    try {
      if (selected) this.save(selected, warnings);
    } catch (err) {
      events.log('debug', `compile reuse: not kept (${err instanceof Error ? err.message : String(err)})`);
    }
  }

  /** Writes what the next process may reuse (`selected`: the nodes this compile compiled), if anything changed. */
  private save(selected: ReadonlySet<string>, warnings?: { key: string; lines: string[] }): void {
    // Nodes not compiled this time keep their entries (their keys are checked when they are).
    for (const [id, e] of Object.entries(this.previous.nodes))
      if (!selected.has(id) && this.project.graph.nodes.has(id)) {
        this.next[id] = e;
        this.carried = true;
      }
    const dropped = Object.keys(this.previous.nodes).some((id) => !(id in this.next));
    // Entries kept from another parse may have other keys: then the next process makes every key again.
    const generation = this.trusted || !this.carried ? this.generation : undefined;
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    if (!this.changed && !dropped && same(warnings, this.previous.warnings))
      if (generation === this.previous.generation) return;
    writeCompileCache(this.path, this.stamp, {
      nodes: this.next,
      ...(generation ? { generation } : {}),
      ...(warnings ? { warnings } : {}),
    });
  }

  /** Writes manifest.json (`sections` makes it) through what the last compile kept (compile-manifest.ts). */
  writeManifest(
    relPath: string,
    meta: Parameters<typeof manifestMetadata>[0],
    sqlById: ReadonlyMap<string, string>,
    sections: () => [string, ManifestSection][],
  ): void {
    const noSecrets = !secretsKnown(); // (then or now: no record is kept while one is known)
    writeCompileManifest({
      projectRoot: this.project.config.projectRoot,
      relPath,
      cachePath: this.path,
      stamp: this.stamp,
      ...(noSecrets ? { key: this.warningsKey(sqlById), generation: this.generation } : {}),
      ...(this.previous.manifest ? { previous: this.previous.manifest } : {}),
      meta,
      sections,
      events: this.project.events,
    });
  }

  private hashes(varNames: Iterable<string>, envNames: Iterable<string>): Pick<StoredCompile, 'vars' | 'env'> {
    const { vars: root, env, packageVars } = this.project.parsed.parseEnv;
    const out: Pick<StoredCompile, 'vars' | 'env'> = { vars: {}, env: {} };
    for (const n of [...varNames].sort()) {
      const cut = n.indexOf('\0');
      const vars = cut < 0 ? root : packageVars?.get(n.slice(0, cut));
      const name = n.slice(cut + 1);
      out.vars[n] = vars && own(vars, name) ? sha(`=${JSON.stringify(vars[name])}`) : '';
    }
    for (const n of [...envNames].sort()) out.env[n] = env[n] === undefined ? '' : sha(`=${env[n]}`);
    return out;
  }
}
