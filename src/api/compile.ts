import { dialectFor, openSyncDatabaseFor, type SyncDatabase } from '../adapters/index.js';
import { buildManifest, compiledPath, manifestSections, writeJson, writeProjectFile } from '../artifacts/index.js';
import { Compiler } from '../compile/index.js';
import { TsmodelErrors, toErrorList, type TsmodelError } from '../errors/index.js';
import { topologicalOrder } from '../graph/index.js';
import {
  artifactMeta,
  loadProject,
  selectFrom,
  type LoadedProject,
  type ProjectOptions,
  type SelectionOptions,
} from './load.js';
import { checkTarget } from './target-checks.js';
import { deferredOf, offlineDefer, type Deferral } from './defer.js';
import { columnLineageOf, lineageWarnings } from './column-lineage.js';
import { keptColumnLineage } from './column-lineage-cache.js';
import { sqlParserReady } from '../lineage/index.js';
import type { ParseEnv } from '../parse/index.js';
import { CompileReuse } from './compile-reuse.js';
import { pushAll } from '../util/arrays.js';

export interface CompileOptions extends ProjectOptions, SelectionOptions {}

export interface CompiledEntry {
  uniqueId: string;
  name: string;
  path: string;
  sql: string;
}

export interface CompileResult {
  project: LoadedProject;
  compiled: CompiledEntry[];
  /** With partial parsing: how many nodes' SQL was taken from target/, and which nodes were rendered. */
  reuse?: { reused: number; rendered: string[] };
}

/** A compiler that assumes no relation exists yet (compile needs no database). */
export function offlineCompiler(
  project: LoadedProject,
  fullRefresh = false,
  deferral?: Deferral,
  database?: SyncDatabase,
  parseEnv: ParseEnv = project.parsed.parseEnv,
): Compiler {
  return new Compiler({
    ...(deferral ? { deferRelation: deferral.relationFor } : {}),
    graph: project.graph,
    parseEnv,
    fullRefresh,
    relationExists: () => false,
    ...(database ? { database } : {}),
  });
}

/**
 * What templates query while `compile` renders them, opened on the first query (compile stays synchronous):
 * a connection on PostgreSQL; on PGlite the folder, locked without waiting (busy: an error naming the holder).
 */
function compileDatabase(project: LoadedProject): SyncDatabase {
  return openSyncDatabaseFor(project.target, 'compile');
}

/**
 * `tsmodel compile`: renders the selected models, analyses and tests to
 * target/compiled/ and writes target/manifest.json. is_incremental() is false
 * here (as on a first run); templates may query the database (compileDatabase).
 * Every compile error is collected and thrown together.
 */
export function compile(opts: CompileOptions = {}): CompileResult {
  const project = loadProject(opts);
  const { config, graph } = project;
  const selected = selectFrom(project, opts, ['model', 'analysis', 'test', 'snapshot']);
  const database = compileDatabase(project);
  const deferral = offlineDefer(project, opts, selected);
  // With partial parsing (the CLI's default), SQL whose inputs did not change is taken from target/ (not --defer).
  const reuse = project.partialParse && !deferral ? new CompileReuse(project) : undefined;
  const compiler = offlineCompiler(project, opts.fullRefresh, deferral, database, reuse?.parseEnv);
  const compiled: CompiledEntry[] = [];
  const errors: TsmodelError[] = [];
  const sqlById = new Map<string, string>();
  for (const id of topologicalOrder(graph, selected)) {
    const node = graph.nodes.get(id)!;
    if (!node.rawCode) continue;
    try {
      const compiledSql =
        reuse?.reused(node) ??
        (reuse ? reuse.compile(node, () => compiler.compile(id)) : compiler.compile(id)).compiledSql;
      const path = compiledPath(config.targetPath, node);
      if (reuse) reuse.writeFile(node, path, compiledSql);
      else writeProjectFile(config.projectRoot, path, `${compiledSql}\n`);
      sqlById.set(id, compiledSql);
      compiled.push({ uniqueId: id, name: node.name, path, sql: compiledSql });
    } catch (err) {
      errors.push(...toErrorList(err));
    }
  }
  void database.close(); // the connection (PGlite: the database and its lock) ends now; the thread stops after
  // A contract or test on a column the SQL does not produce: a warning, when PostgreSQL's parser is loaded
  // (the CLI loads it for compile; the API leaves it to the caller: loadColumnLineage()).
  let warnings: { key: string; lines: string[] } | undefined;
  if (sqlParserReady() && errors.length === 0) {
    const key = reuse?.warningsKey(sqlById);
    let lines = reuse?.warnings(key);
    if (!lines) {
      const sqlOf = new Map([...sqlById].map(([id, sql]) => [id, { sql }]));
      // With partial parsing, only queries whose SQL or inputs changed are analysed (column-lineage-cache.ts).
      const lineage = reuse ? keptColumnLineage(project, sqlOf) : columnLineageOf(project, sqlOf);
      lines = lineageWarnings(project, lineage, selected);
    }
    for (const w of lines) project.events.log('warn', w);
    if (key) warnings = { key, lines };
  }
  // What can't hold on the target (Citus: keys and foreign keys of distributed tables), found without a database.
  pushAll(errors, checkTarget(project, selected, dialectFor(project.target, [...graph.nodes.values()]), compiler));
  const meta = artifactMeta(project);
  const manifestPath = `${config.targetPath}/manifest.json`;
  const args = [project.parsed, graph, meta, config.targetPath, sqlById, deferredOf(project)] as const;
  if (!reuse) writeJson(config.projectRoot, manifestPath, buildManifest(...args));
  else {
    reuse.writeManifest(manifestPath, meta, sqlById, () => manifestSections(...args));
    reuse.finish(errors.length === 0 ? selected : undefined, warnings);
  }
  if (errors.length > 0) throw new TsmodelErrors(errors);
  return { project, compiled, ...(reuse ? { reuse: reuse.stats } : {}) };
}
