import { resolve } from 'node:path';
import { listRelations, type Queryable } from '../adapters/introspect.js';
import { deferCandidates, planDeferral } from '../compile/index.js';
import { TsmodelError, TsmodelErrors } from '../errors/index.js';
import type { ProjectNode, Relation } from '../parse/index.js';
import { stateManifest, type LoadedProject, type SelectionOptions } from './load.js';
import type { StateManifest } from './state.js';

/** The outcome of --defer for one run: which parents read another target's relation. */
export interface Deferral {
  /** Unique id → the state's relation its refs read. */
  deferred: ReadonlyMap<string, Relation>;
  /** The Compiler's hook. */
  relationFor(node: ProjectNode): Relation | undefined;
  state: StateManifest;
}

const show = (r: Relation) => `${r.schema}.${r.identifier}`;

/** The manifest --defer reads: --defer-state, else --state; a missing one is a usage error. */
export function deferState(project: LoadedProject, opts: SelectionOptions): StateManifest {
  const dir = opts.deferState ?? opts.state;
  if (!dir)
    throw new TsmodelError('usage', '--defer needs the manifest of the run to defer to', {
      hint: 'Pass --state DIR (or --defer-state DIR): the target/ folder of a production run, with its manifest.json.',
    });
  const state = stateManifest(project, dir);
  if (!state)
    throw new TsmodelError('usage', `--defer: there is no manifest.json in ${resolve(dir)}`, {
      hint: "Download production's target/manifest.json into that folder (or point --defer-state at it).",
    });
  return state;
}

const lastDeferral = new WeakMap<LoadedProject, ReadonlyMap<string, Relation>>();

/** The parents the last --defer of this project read from the state (the manifest's defer_relation). */
export function deferredOf(project: LoadedProject): ReadonlyMap<string, Relation> {
  return lastDeferral.get(project) ?? new Map();
}

function hook(project: LoadedProject, deferred: Map<string, Relation>, state: StateManifest): Deferral {
  lastDeferral.set(project, deferred);
  return { deferred, state, relationFor: (n) => deferred.get(n.uniqueId) };
}

/** The target's database, when relations can name one (PostgreSQL; PGlite has one database). */
function targetDatabase(project: LoadedProject): string | undefined {
  const t = project.target as { type: string; dbname?: string };
  return t.type === 'pglite' ? undefined : t.dbname;
}

/**
 * Decides --defer against the database: a parent this run does not select,
 * missing from the current target, reads the state's relation, which must
 * exist (else an error naming both). Reads the catalog only; writes nothing.
 */
export async function prepareDefer(
  project: LoadedProject,
  opts: SelectionOptions,
  selected: ReadonlySet<string>,
  conn: Queryable,
): Promise<Deferral | undefined> {
  if (!opts.defer) return undefined;
  const state = deferState(project, opts);
  refuseWritingIntoState(project, state, selected);
  const candidates = deferCandidates(project.graph, selected);
  const stateRelation = (id: string) => state.nodes.get(id)?.relation;
  const schemas = new Set<string>();
  for (const n of candidates) {
    schemas.add(n.relation!.schema);
    const there = stateRelation(n.uniqueId);
    if (there) schemas.add(there.schema);
  }
  const existing = await listRelations(conn, [...schemas].sort());
  const has = (r: Relation) => existing.has(`${r.schema}.${r.identifier}`);
  const deferred = planDeferral({
    graph: project.graph,
    selected,
    stateRelation,
    existsInTarget: has,
    favorState: opts.favorState ?? false,
  });
  const db = targetDatabase(project);
  const problems: TsmodelError[] = [];
  for (const [id, there] of deferred) {
    const node = project.graph.nodes.get(id)!;
    const elsewhere = db !== undefined && there.database !== undefined && there.database !== db;
    if (!elsewhere && has(there)) continue;
    problems.push(
      new TsmodelError(
        'usage',
        elsewhere
          ? `--defer: ${node.name} is in database ${there.database} in ${state.path}, and PostgreSQL ` +
              `cannot read another database from ${db}`
          : `--defer: ${node.name} is not in this target (${show(node.relation!)}) and the relation the state ` +
              `manifest records for it, ${show(there)}, does not exist either`,
        {
          location: { file: node.originalFilePath },
          hint: elsewhere
            ? 'Put the dev and production schemas in one database, or build the parent here (add it to --select).'
            : `Build ${node.name} here (add it to --select), or point --state at a manifest whose target was built.`,
        },
      ),
    );
  }
  if (problems.length > 0) throw new TsmodelErrors(problems);
  return hook(project, deferred, state);
}

/**
 * Deferring must never write to the state's relations: a node this run builds whose relation is the
 * one the state (of another target) records is refused before anything runs.
 */
function refuseWritingIntoState(project: LoadedProject, state: StateManifest, selected: ReadonlySet<string>): void {
  if (!state.targetName || state.targetName === project.target.name) return;
  const clashes: TsmodelError[] = [];
  for (const id of selected) {
    const node = project.graph.nodes.get(id);
    const there = state.nodes.get(id)?.relation;
    if (!node?.relation || !there || node.config.materialized === 'ephemeral') continue;
    if (node.relation.schema !== there.schema || node.relation.identifier !== there.identifier) continue;
    clashes.push(
      new TsmodelError(
        'usage',
        `--defer: ${node.name} would be built into ${show(there)}, the relation of target ` +
          `'${state.targetName}' that --state records; deferring never writes there`,
        {
          location: { file: node.originalFilePath },
          hint:
            "generate_schema_name gives this target the same schema as the state's: give it a branch for " +
            'this target (README: Working in a team), or run without --defer.',
        },
      ),
    );
  }
  if (clashes.length > 0) throw new TsmodelErrors(clashes);
}

/**
 * --defer without a database (compile): every unselected parent the state
 * records is deferred, as if the target were empty (compile assumes so too).
 */
export function offlineDefer(project: LoadedProject, opts: SelectionOptions, selected: ReadonlySet<string>) {
  if (!opts.defer) return undefined;
  const state = deferState(project, opts);
  const deferred = planDeferral({
    graph: project.graph,
    selected,
    stateRelation: (id) => state.nodes.get(id)?.relation,
    existsInTarget: () => false,
    favorState: true,
  });
  return hook(project, deferred, state);
}

/** The nodes a run acts on, for deferral: what it selected plus the tests it added to its order. */
export function selectedForDefer(selected: ReadonlySet<string>, order: readonly string[]): Set<string> {
  return new Set([...selected, ...order]);
}

/** One line per deferred parent, so a run says where it reads from. */
export function logDeferral(project: LoadedProject, deferral: Deferral): void {
  const n = deferral.deferred.size;
  project.events.log('info', `--defer: ${n} parent${n === 1 ? '' : 's'} read from ${deferral.state.path}`);
  for (const [id, r] of deferral.deferred)
    project.events.log('debug', `  ${project.graph.nodes.get(id)!.name} -> ${show(r)}`);
}
