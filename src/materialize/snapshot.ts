import { fitName, lit } from '../adapters/postgres-dialect.js';
import { TsmodelError, type ErrorCode } from '../errors/index.js';
import { finishSteps } from './finish.js';
import { typeClash } from './snapshot-types.js';
import type { Materialization, MaterializeInput } from './types.js';

type Cols = {
  sk?: string;
  scd_id?: string;
  updated_at?: string;
  valid_from: string;
  valid_to: string;
  is_current?: string;
  is_deleted?: string;
};

const HARD_DELETES = ['ignore', 'invalidate', 'new_record'];
const TEXT_TYPE = /^(text|character varying|varchar|character|char|bpchar)\b/i;

function list(v: unknown): string[] {
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : String(v).split(',')).map((x) => String(x).trim()).filter(Boolean);
}

function fail(input: MaterializeInput, message: string, hint?: string, code: ErrorCode = 'config'): never {
  throw new TsmodelError(code, `snapshot ${input.node.name}: ${message}`, { location: input.node.location, hint });
}

/**
 * Meta column names. tsmodel's style is the architecture document's
 * (<key>_sk identity, is_current, effective_date, end_date); dbt's style
 * (dbt_scd_id, dbt_updated_at, dbt_valid_from, dbt_valid_to) is used with
 * meta_columns: dbt, and for snapshots of a dbt_project.yml project.
 * snapshot_meta_column_names renames any of them.
 */
function metaColumns(input: MaterializeInput, keys: string[], hardDeletes: string): Cols {
  const cfg = input.node.config;
  const dbt = cfg.meta_columns === 'dbt';
  const renames = (cfg.snapshot_meta_column_names ?? {}) as Record<string, string>;
  const pick = (name: string) => renames[name] ?? name;
  if (dbt) {
    return {
      scd_id: pick('dbt_scd_id'),
      updated_at: pick('dbt_updated_at'),
      valid_from: pick('dbt_valid_from'),
      valid_to: pick('dbt_valid_to'),
      is_deleted: hardDeletes === 'new_record' ? pick('dbt_is_deleted') : undefined,
    };
  }
  const defaultSk =
    keys.length === 1 && /_id$/.test(keys[0]!) ? keys[0]!.replace(/_id$/, '_sk') : `${input.node.name}_sk`;
  return {
    sk: String(cfg.surrogate_key ?? renames.surrogate_key ?? defaultSk),
    valid_from: pick('effective_date'),
    valid_to: pick('end_date'),
    is_current: pick('is_current'),
    is_deleted: hardDeletes === 'new_record' ? pick('is_deleted') : undefined,
  };
}

/** The meta columns a snapshot adds to its query's columns (lineage: they come from no upstream column). */
export function snapshotMetaColumnNames(node: MaterializeInput['node']): string[] {
  const cfg = node.config;
  const hardDeletes = String(cfg.hard_deletes ?? (cfg.invalidate_hard_deletes ? 'invalidate' : 'ignore'));
  const cols = metaColumns({ node } as MaterializeInput, list(cfg.unique_key), hardDeletes);
  return Object.values(cols).filter((c): c is string => typeof c === 'string');
}

/** The name of the index on a snapshot's key and current flag (made with the table, or added to an older one). */
export function currentIndexName(identifier: string): string {
  return fitName(`${identifier}_scd_current_idx`);
}

/**
 * The key and the compared columns must still compare with the table's (the query's type may have changed since
 * the table was made); PostgreSQL would otherwise fail on its join with "operator does not exist".
 */
function checkTypes(input: MaterializeInput, keys: string[], compared: string[]): void {
  const existing = input.existing?.columns;
  if (!existing) return;
  const clash = typeClash([...keys, ...compared], existing, input.queryColumns ?? []);
  if (!clash) return;
  const role = keys.includes(clash.column) ? 'unique_key column' : 'compared column';
  const table = `"${input.relation.schema}"."${input.relation.identifier}"`;
  fail(
    input,
    `${role} '${clash.column}' is ${clash.queryType} in its query but ${clash.tableType} in the snapshot table ` +
      `${table}, and the two types cannot be compared; nothing was written`,
    `Cast it back in the query (${clash.column}::${clash.tableType}), or change the table's column to the new ` +
      `type (alter table ${table} alter column "${clash.column}" type ${clash.queryType} using ` +
      `"${clash.column}"::${clash.queryType}) so its history compares with the new rows.`,
    'materialization',
  );
}

/** The arguments handed to the snapshot_statements macro (see src/template/macros/snapshot.sql). */
export function snapshotArgs(input: MaterializeInput, runTime: string): Record<string, unknown> {
  const cfg = input.node.config;
  const keys = list(cfg.unique_key);
  if (keys.length === 0) fail(input, 'needs a unique_key', "Set unique_key: 'customer_id' (or a list) in its config.");
  const strategy = String(cfg.strategy ?? (cfg.updated_at ? 'timestamp' : 'check'));
  if (strategy !== 'timestamp' && strategy !== 'check') fail(input, `strategy '${strategy}' is not timestamp or check`);
  const hardDeletes = String(cfg.hard_deletes ?? (cfg.invalidate_hard_deletes ? 'invalidate' : 'ignore'));
  if (!HARD_DELETES.includes(hardDeletes))
    fail(input, `hard_deletes '${hardDeletes}' is not one of ${HARD_DELETES.join(', ')}`);
  const source = input.queryColumns ?? [];
  const names = source.map((c) => c.name);
  for (const k of keys) if (!names.includes(k)) fail(input, `unique_key column '${k}' is not returned by its query`);
  const updatedAt = cfg.updated_at === undefined ? undefined : String(cfg.updated_at);
  if (strategy === 'timestamp' && (!updatedAt || !names.includes(updatedAt))) {
    fail(
      input,
      `the timestamp strategy needs updated_at: a column the query returns${updatedAt ? ` ('${updatedAt}' is not one)` : ''}`,
    );
  }
  const check =
    cfg.check_cols === 'all' || cfg.check_cols === undefined
      ? names.filter((n) => !keys.includes(n))
      : list(cfg.check_cols);
  for (const c of check) if (!names.includes(c)) fail(input, `check_cols column '${c}' is not returned by its query`);
  checkTypes(input, keys, strategy === 'timestamp' ? [updatedAt!] : check);
  const cols = metaColumns(input, keys, hardDeletes);
  const clash = Object.values(cols).find((c) => c !== undefined && names.includes(c));
  if (clash)
    fail(
      input,
      `its query returns a column named '${clash}', which the snapshot uses for its own bookkeeping`,
      'Rename that column in the query, or rename the meta column with snapshot_meta_column_names.',
    );
  const initial = String(
    cfg.valid_from_initial ??
      (cfg.meta_columns === 'dbt' ? (strategy === 'timestamp' ? 'updated_at' : 'run_time') : '1900-01-01'),
  );
  const validFromInitial =
    initial === 'updated_at' && updatedAt
      ? `s."${updatedAt}"`
      : initial === 'run_time'
        ? runTime
        : `${lit(initial)}::timestamp`;
  const suffix = input.runSuffix;
  const temps = {
    src: fitName(`tsmodel_snap_src_${suffix}`),
    changes: fitName(`tsmodel_snap_chg_${suffix}`),
    gone: fitName(`tsmodel_snap_del_${suffix}`),
    history: fitName(`tsmodel_snap_hist_${suffix}`),
    // The index on the key and the current flag (the table's own, not temporary).
    current_index: currentIndexName(input.relation.identifier),
  };
  return {
    target: `"${input.relation.schema}"."${input.relation.identifier}"`,
    source_sql: input.compiledSql,
    exists: input.existing !== undefined,
    source_columns: source,
    target_columns: (input.existing?.columns ?? []).map((c) => c.name),
    unique_key: keys,
    // One key of a text type: the key check counts its distinct values by hash.
    text_key: keys.length === 1 && TEXT_TYPE.test(source.find((c) => c.name === keys[0])?.type ?? ''),
    strategy,
    updated_at: updatedAt,
    check_cols: check,
    hard_deletes: hardDeletes,
    cols,
    run_time: runTime,
    valid_from_initial: validFromInitial,
    names: temps,
    snapshot_name: input.node.name,
    // The dialect's part (nothing / the plain name on PostgreSQL; Citus distributes the new table).
    distribute: input.existing ? [] : input.dialect.afterCreateTable(input.node, input.relation),
    stage_source: input.dialect.stagesSnapshotSource,
    update_from: { changes: input.dialect.stagedSource(temps.changes), gone: input.dialect.stagedSource(temps.gone) },
  };
}

/** What the log says; a table made by an older tsmodel gets the index on its key and current flag, said once. */
function verb(input: MaterializeInput, statements: unknown[]): string {
  if (!input.existing) return 'created snapshot';
  const index = currentIndexName(input.relation.identifier);
  const known = input.existing.indexes;
  const creates = statements.some((s) => /^\s*create index/i.test(String(s)) && String(s).includes(`"${index}"`));
  return creates && known && !known.includes(index)
    ? `snapshotted (and created the index ${index} on its key and current flag, which its table lacked)`
    : 'snapshotted';
}

/**
 * SCD Type 2: the statements come from the snapshot_statements macro (a
 * project may override it); they run in one transaction holding an advisory
 * lock on the snapshot, so concurrent runs can't interleave.
 */
export const snapshot: Materialization = {
  name: 'snapshot',
  needsColumns: () => true,
  needsDependents: () => false,
  plan: (input) => {
    if (!input.callMacro) throw new TsmodelError('internal', 'the snapshot materialization needs callMacro');
    const runTime = `${lit(input.runTime ?? new Date().toISOString())}::timestamp`;
    const args = snapshotArgs(input, runTime);
    const statements = input.callMacro('snapshot_statements', [args]);
    if (!Array.isArray(statements)) {
      throw new TsmodelError(
        'template',
        'the snapshot_statements macro must return a list of SQL statements with {{ return([...]) }}',
        { location: input.node.location },
      );
    }
    // A project's own copy of the macro may predate args.distribute: distribute the filled table then.
    const skipped = (args.distribute as string[]).filter((sql) => !statements.some((s) => String(s) === sql));
    const steps = [
      ...input.preHooks.map((sql, i) => ({ sql, label: `pre-hook ${i + 1}` })),
      ...statements.map((sql, i) => ({
        sql: String(sql),
        label: `snapshot statement ${i + 1}`,
        countsRows: /^\s*insert/i.test(String(sql)),
      })),
      ...skipped.map((sql) => ({ sql, label: 'distribute the new table (the snapshot_statements macro did not)' })),
      // Indexes, grants and comments when the table is first created (later runs only add rows).
      ...(input.existing ? [] : finishSteps(input, input.relation, 'table')),
      ...input.postHooks.map((sql, i) => ({ sql, label: `post-hook ${i + 1}` })),
    ];
    return { steps, verb: verb(input, statements), kind: 'table' };
  },
};
