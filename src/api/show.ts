import { createAdapter, openSyncDatabase, type Adapter, type SyncDatabase } from '../adapters/index.js';
import { waitingLine } from './lock-lines.js';
import { Compiler } from '../compile/index.js';
import { TsmodelError, TsmodelErrors } from '../errors/index.js';
import { buildGraph } from '../graph/index.js';
import { parseSqlFile, resolveDependencies } from '../parse/index.js';
import { sha256 } from '../project/index.js';
import { loadProject, selectFrom, type LoadedProject, type ProjectOptions } from './load.js';

export interface ShowOptions extends ProjectOptions {
  /** One node to preview. */
  select?: string[];
  /** A query to run instead (may use ref() and source()). */
  inline?: string;
  /** Rows to fetch (default 10). */
  limit?: number;
  adapter?: Adapter;
}

export interface ShowResult {
  sql: string;
  columns: string[];
  rows: Record<string, unknown>[];
}

function inlineSql(project: LoadedProject, text: string, database?: SyncDatabase): string {
  const file = { path: '<inline>', root: '', relPath: 'inline_query.sql', contents: text, checksum: sha256(text) };
  const { node } = parseSqlFile(project.parsed.parseEnv, file, 'model');
  const nodes = [...project.parsed.nodes, node];
  const errors = resolveDependencies(nodes, project.parsed.disabled);
  if (errors.length > 0) throw new TsmodelErrors(errors);
  const graph = buildGraph(nodes);
  return new Compiler({
    graph,
    parseEnv: project.parsed.parseEnv,
    fullRefresh: false,
    relationExists: () => true,
    ...(database ? { database } : {}),
  }).compile(node.uniqueId).compiledSql;
}

/** `tsmodel show`: previews the rows of a model's query (or an inline query) without building anything. */
export async function show(opts: ShowOptions): Promise<ShowResult> {
  const project = loadProject(opts);
  const adapter =
    opts.adapter ??
    createAdapter(project.target, {
      command: 'show',
      onLockWait: (holder) => project.events.log('warn', waitingLine(project.target.name, holder)),
    });
  // Templates may query the database while they compile (run_query, adapter.get_columns_in_relation…).
  let database: SyncDatabase | undefined;
  try {
    await adapter.open();
    database = openSyncDatabase(adapter);
    const sql = nodeSql(project, opts, database);
    const limit = opts.limit ?? 10;
    const res = await adapter.query(
      limit >= 0 ? `select * from (\n${sql}\n) as tsmodel_show limit ${Math.floor(limit)}` : sql,
    );
    return { sql, columns: res.fields.map((f) => f.name), rows: res.rows };
  } finally {
    await database?.close().catch(() => {});
    if (!opts.adapter) await adapter.close().catch(() => {});
  }
}

/** The SQL to preview: the inline query's, or the selected node's, compiled. */
function nodeSql(project: LoadedProject, opts: ShowOptions, database?: SyncDatabase): string {
  let sql: string;
  if (opts.inline !== undefined) {
    sql = inlineSql(project, opts.inline, database);
  } else {
    const ids = [...selectFrom(project, { select: opts.select }, ['model', 'analysis', 'seed', 'snapshot'])];
    if (ids.length !== 1) {
      throw new TsmodelError(
        'usage',
        ids.length === 0
          ? `No node matches --select ${opts.select?.join(' ') ?? ''}`
          : `--select matches ${ids.length} nodes; show previews one`,
        {
          hint: 'Pass one model name, e.g. tsmodel show --select customers, or use --inline "select ...".',
        },
      );
    }
    const node = project.graph.nodes.get(ids[0]!)!;
    sql =
      node.resourceType === 'seed'
        ? `select * from "${node.relation!.schema}"."${node.relation!.identifier}"`
        : new Compiler({
            graph: project.graph,
            parseEnv: project.parsed.parseEnv,
            fullRefresh: false,
            relationExists: () => false,
            ...(database ? { database } : {}),
          }).compile(node.uniqueId).compiledSql;
  }
  return sql;
}
