import { createAdapter, openSyncDatabase, type Adapter, type SyncDatabase } from '../adapters/index.js';
import { waitingLine } from './lock-lines.js';
import { Compiler } from '../compile/index.js';
import { TsmodelError, TsmodelErrors } from '../errors/index.js';
import { buildGraph, type Graph } from '../graph/index.js';
import { quoteRelation } from '../sql/quote.js';
import { parseSqlFile, resolveDependencies } from '../parse/index.js';
import { sha256 } from '../project/index.js';
import { loadProject, selectFrom, type LoadedProject, type ProjectOptions, type SelectionOptions } from './load.js';
import { prepareDefer, type Deferral } from './defer.js';

export interface ShowOptions
  extends ProjectOptions, Pick<SelectionOptions, 'state' | 'defer' | 'deferState' | 'favorState'> {
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

/** The inline query as a node of the project (ref() and source() resolve), and the graph holding it. */
function inlineNode(project: LoadedProject, text: string): { graph: Graph; id: string } {
  const file = { path: '<inline>', root: '', relPath: 'inline_query.sql', contents: text, checksum: sha256(text) };
  const { node } = parseSqlFile(project.parsed.parseEnv, file, 'model');
  const nodes = [...project.parsed.nodes, node];
  const errors = resolveDependencies(nodes, project.parsed.disabled);
  if (errors.length > 0) throw new TsmodelErrors(errors);
  return { graph: buildGraph(nodes), id: node.uniqueId };
}

function compileOne(
  project: LoadedProject,
  graph: Graph,
  id: string,
  existing: boolean,
  deferral?: Deferral,
  database?: SyncDatabase,
): string {
  return new Compiler({
    ...(database ? { database } : {}),
    ...(deferral ? { deferRelation: deferral.relationFor } : {}),
    graph,
    parseEnv: project.parsed.parseEnv,
    fullRefresh: false,
    relationExists: () => existing,
  }).compile(id).compiledSql;
}

/** `tsmodel show`: previews the rows of a model's query (or an inline query) without building anything. */
export async function show(opts: ShowOptions): Promise<ShowResult> {
  const project = loadProject(opts);
  let target: { graph: Graph; id: string; inline: boolean };
  if (opts.inline !== undefined) {
    target = { ...inlineNode(project, opts.inline), inline: true };
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
    target = { graph: project.graph, id: ids[0]!, inline: false };
  }
  const limit = opts.limit ?? 10;
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
    const node = target.graph.nodes.get(target.id)!;
    const deferral = opts.defer
      ? await prepareDefer({ ...project, graph: target.graph }, opts, new Set([target.id]), adapter)
      : undefined;
    const sql =
      node.resourceType === 'seed'
        ? `select * from ${quoteRelation(node.relation!)}`
        : compileOne(project, target.graph, target.id, target.inline, deferral, database);
    const res = await adapter.query(
      limit >= 0 ? `select * from (\n${sql}\n) as tsmodel_show limit ${Math.floor(limit)}` : sql,
    );
    return { sql, columns: res.fields.map((f) => f.name), rows: res.rows };
  } finally {
    await database?.close().catch(() => {});
    if (!opts.adapter) await adapter.close().catch(() => {});
  }
}
