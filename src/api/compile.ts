import { dialectFor, openSyncDatabaseFor, type SyncDatabase } from '../adapters/index.js';
import { buildManifest, compiledPath, writeJson, writeProjectFile } from '../artifacts/index.js';
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
import { sqlParserReady } from '../lineage/index.js';

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
}

/** A compiler that assumes no relation exists yet (compile needs no database). */
export function offlineCompiler(
  project: LoadedProject,
  fullRefresh = false,
  deferral?: Deferral,
  database?: SyncDatabase,
): Compiler {
  return new Compiler({
    ...(deferral ? { deferRelation: deferral.relationFor } : {}),
    graph: project.graph,
    parseEnv: project.parsed.parseEnv,
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
  const compiler = offlineCompiler(project, opts.fullRefresh, offlineDefer(project, opts, selected), database);
  const compiled: CompiledEntry[] = [];
  const errors: TsmodelError[] = [];
  const sqlById = new Map<string, string>();
  for (const id of topologicalOrder(graph, selected)) {
    const node = graph.nodes.get(id)!;
    if (!node.rawCode) continue;
    try {
      const { compiledSql } = compiler.compile(id);
      const path = compiledPath(config.targetPath, node);
      writeProjectFile(config.projectRoot, path, `${compiledSql}\n`);
      sqlById.set(id, compiledSql);
      compiled.push({ uniqueId: id, name: node.name, path, sql: compiledSql });
    } catch (err) {
      errors.push(...toErrorList(err));
    }
  }
  void database.close(); // the connection (PGlite: the database and its lock) ends now; the thread stops after
  // A contract or test on a column the SQL does not produce: a warning, when PostgreSQL's parser is loaded
  // (the CLI loads it for compile; the API leaves it to the caller: loadColumnLineage()).
  if (sqlParserReady() && errors.length === 0) {
    const sqlOf = new Map([...sqlById].map(([id, sql]) => [id, { sql }]));
    for (const w of lineageWarnings(project, columnLineageOf(project, sqlOf), selected)) project.events.log('warn', w);
  }
  // What can't hold on the target (Citus: keys and foreign keys of distributed tables), found without a database.
  errors.push(...checkTarget(project, selected, dialectFor(project.target, [...graph.nodes.values()]), compiler));
  const meta = artifactMeta(project);
  writeJson(
    config.projectRoot,
    `${config.targetPath}/manifest.json`,
    buildManifest(project.parsed, graph, meta, config.targetPath, sqlById, deferredOf(project)),
  );
  if (errors.length > 0) throw new TsmodelErrors(errors);
  return { project, compiled };
}
