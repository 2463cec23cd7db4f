import { createAdapter, dialectFor, type Adapter } from '../adapters/index.js';
import { listRelations } from '../adapters/introspect.js';
import type { RelationKind } from '../adapters/postgres-dialect.js';
import { withRunLock } from '../adapters/run-lock.js';
import { TsmodelError, toErrorList } from '../errors/index.js';
import { topologicalOrder } from '../graph/index.js';
import type { ProjectNode, Relation } from '../parse/index.js';
import { quoteRelation } from '../sql/quote.js';
import { loadProject, selectFrom, stateManifest, type LoadedProject } from './load.js';
import type { ProjectOptions, SelectionOptions } from './load.js';
import { waitingLine } from './lock-lines.js';
import type { StateManifest } from './state.js';

type Dialect = ReturnType<typeof dialectFor>;

export interface CloneOptions extends ProjectOptions, SelectionOptions {
  /** Real tables (CREATE TABLE … (LIKE …) + INSERT) instead of views over the state's relations. */
  copy?: boolean;
  /** An adapter to use instead of creating one from the target (tests). It is not closed. */
  adapter?: Adapter;
}

export type CloneAction = 'view' | 'table' | 'skipped' | 'error';

export interface CloneOutcome {
  node: ProjectNode;
  action: CloneAction;
  /** The state's relation it points at (or copies). */
  from?: Relation;
  message: string;
  error?: TsmodelError;
}

export interface CloneResult {
  project: LoadedProject;
  results: CloneOutcome[];
  success: boolean;
}

const show = (r: Relation) => `${r.schema}.${r.identifier}`;
const key = (r: Relation) => `${r.schema}.${r.identifier}`;

/** Incremental models and snapshots are cloned as tables, so their next run can insert into them. */
function wantsTable(node: ProjectNode, copy: boolean): boolean {
  return copy || node.config.materialized === 'incremental' || node.resourceType === 'snapshot';
}

function cloneState(project: LoadedProject, opts: CloneOptions): StateManifest {
  const dir = opts.deferState ?? opts.state;
  const state = dir ? stateManifest(project, dir) : undefined;
  if (!state)
    throw new TsmodelError('usage', dir ? `clone: there is no manifest.json in ${dir}` : 'clone needs --state DIR', {
      hint: "Pass --state pointing at production's target/ folder (the one holding its manifest.json).",
    });
  return state;
}

/** The SQL creating `to` from `from`: a view over it, or a table with its columns and rows. */
export function cloneStatements(to: Relation, from: Relation, asTable: boolean): string[] {
  const t = quoteRelation(to);
  const f = quoteRelation({ schema: from.schema, identifier: from.identifier });
  if (!asTable) return [`create view ${t} as select * from ${f}`];
  return [
    `create table ${t} (like ${f} including defaults including constraints)`,
    `insert into ${t} select * from ${f}`,
  ];
}

/**
 * `tsmodel clone --state DIR`: for each selected model, seed and snapshot,
 * creates in the current target a relation pointing at the one the state
 * manifest records (a view, zero copy; tables with --copy, and always for
 * incremental models and snapshots). A relation that exists is left alone
 * unless --full-refresh. Never writes to the state's schemas.
 */
export async function clone(opts: CloneOptions = {}): Promise<CloneResult> {
  const project = loadProject(opts);
  const { graph, target, events } = project;
  const state = cloneState(project, opts);
  const selected = selectFrom(project, opts, ['model', 'seed', 'snapshot']);
  const nodes = topologicalOrder(graph, selected)
    .map((id) => graph.nodes.get(id)!)
    .filter((n) => n.relation && n.config.materialized !== 'ephemeral');
  const dialect = dialectFor(target, [...graph.nodes.values()]);
  const adapter = opts.adapter ?? createAdapter(target, { command: 'clone' });
  const results: CloneOutcome[] = [];
  try {
    await withRunLock(
      adapter,
      target,
      {
        timeoutMs: target.lockTimeoutMs ?? 60_000,
        command: 'clone',
        onWait: (holder) => events.log('warn', waitingLine(target.name, holder)),
      },
      async () => {
        const schemas = new Set<string>();
        for (const n of nodes) {
          schemas.add(n.relation!.schema);
          const there = state.nodes.get(n.uniqueId)?.relation;
          if (there) schemas.add(there.schema);
        }
        const ownSchemas = [...new Set(nodes.map((n) => n.relation!.schema))].sort();
        const existing: Map<string, RelationKind> = await listRelations(adapter, [...schemas].sort());
        for (const s of ownSchemas) await adapter.query(dialect.createSchema(s));
        for (const node of nodes) results.push(await cloneOne(adapter, node, state, existing, opts, dialect));
      },
    );
  } finally {
    if (!opts.adapter) await adapter.close().catch(() => {});
  }
  for (const r of results)
    events.log(r.action === 'error' ? 'error' : 'info', `clone ${r.node.name}: ${r.message}`, {
      node: r.node.uniqueId,
    });
  return { project, results, success: results.every((r) => r.action !== 'error') };
}

async function cloneOne(
  adapter: Adapter,
  node: ProjectNode,
  state: StateManifest,
  existing: Map<string, RelationKind>,
  opts: CloneOptions,
  dialect: Dialect,
): Promise<CloneOutcome> {
  const to = node.relation!;
  const from = state.nodes.get(node.uniqueId)?.relation;
  if (!from) return { node, action: 'skipped', message: `not in ${state.path}: nothing to clone` };
  if (key(from) === key(to))
    return { node, action: 'skipped', from, message: `${show(to)} is the state's own relation` };
  if (!existing.has(key(from))) {
    const error = new TsmodelError(
      'usage',
      `clone: ${node.name}'s relation in the state manifest, ${show(from)}, does not exist (target: ${show(to)})`,
      { location: { file: node.originalFilePath }, hint: 'Build it in the state target first, or leave it out.' },
    );
    return { node, action: 'error', from, message: error.message, error };
  }
  const kind = existing.get(key(to));
  if (kind && !opts.fullRefresh)
    return { node, action: 'skipped', from, message: `${show(to)} exists: left as it is (--full-refresh replaces it)` };
  const asTable = wantsTable(node, opts.copy ?? false);
  try {
    await adapter.transaction(async (conn) => {
      if (kind) await conn.query(dialect.drop(to, kind));
      for (const sql of cloneStatements(to, from, asTable)) await conn.query(sql);
    });
  } catch (err) {
    const error = toErrorList(err)[0]!;
    return { node, action: 'error', from, message: error.message, error };
  }
  existing.set(key(to), asTable ? 'table' : 'view');
  const verb = asTable ? 'copied' : 'a view over';
  return { node, action: asTable ? 'table' : 'view', from, message: `${show(to)}: ${verb} ${show(from)}` };
}
