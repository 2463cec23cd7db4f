import type { ColumnDef } from '../adapters/postgres-dialect.js';
import { TsmodelError } from '../errors/index.js';
import { buildAndSwap } from './swap.js';
import type { MaterializeInput, Plan, Step } from './types.js';

export interface SeedFormat {
  delimiter: string;
  quote: string;
  null: string;
  header: boolean;
}

export interface SeedPlanInput extends Omit<MaterializeInput, 'compiledSql' | 'incremental' | 'queryColumns'> {
  columns: ColumnDef[];
  format: SeedFormat;
  fullRefresh: boolean;
}

/** The column every seed table gets: when this load happened (the `loaded_at_column` config renames it). */
export const LOADED_AT = 'loaded_at';

/**
 * The name of a seed's load-time column: its `loaded_at_column` config, else loaded_at; none with
 * `loaded_at_column: false` (the table is then exactly the CSV, as dbt loads it).
 */
export function loadedAtColumn(node: SeedPlanInput['node']): string | undefined {
  const v = node.config.loaded_at_column;
  if (v === undefined || v === null) return LOADED_AT;
  if (v === false) return undefined;
  if (typeof v !== 'string' || v.trim() === '') {
    throw new TsmodelError('config', `loaded_at_column of seed ${node.name} must be a column name`, {
      location: node.location,
      hint: "Write e.g. loaded_at_column: 'tsmodel_loaded_at' (or false for none).",
    });
  }
  return v;
}

const ALIASES: Record<string, string> = {
  int: 'integer',
  int4: 'integer',
  int8: 'bigint',
  int2: 'smallint',
  float8: 'double precision',
  float: 'double precision',
  float4: 'real',
  bool: 'boolean',
  varchar: 'character varying',
  char: 'character',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  decimal: 'numeric',
};

/** Spells a type as PostgreSQL's format_type() does, so declared and existing types compare. */
export function normalizeType(t: string): string {
  const s = t.trim().toLowerCase().replace(/\s+/g, ' ');
  const m = /^([a-z0-9 ]+?)\s*(\(.*\))?$/.exec(s);
  if (!m) return s;
  const base = ALIASES[m[1]!] ?? m[1]!;
  return m[2] ? `${base}${m[2].replace(/\s/g, '')}` : base;
}

function diff(existing: ColumnDef[], wanted: ColumnDef[], audit: string): string[] {
  const have = new Map(existing.filter((c) => c.name !== audit).map((c) => [c.name, normalizeType(c.type)]));
  const want = new Map(wanted.map((c) => [c.name, normalizeType(c.type)]));
  const out: string[] = [];
  const added = [...want.keys()].filter((k) => !have.has(k));
  const removed = [...have.keys()].filter((k) => !want.has(k));
  const retyped = [...want.keys()].filter((k) => have.has(k) && have.get(k) !== want.get(k));
  if (added.length) out.push(`new columns: ${added.join(', ')}`);
  if (removed.length) out.push(`removed columns: ${removed.join(', ')}`);
  if (retyped.length)
    out.push(`changed types: ${retyped.map((k) => `${k} ${have.get(k)} → ${want.get(k)}`).join(', ')}`);
  if (out.length === 0 && [...have.keys()].join(',') !== [...want.keys()].join(','))
    out.push('the column order changed');
  return out;
}

type SeedState = Pick<SeedPlanInput, 'existing' | 'columns' | 'fullRefresh' | 'node'>;

/** An existing table with the same columns, and no --full-refresh: TRUNCATE and COPY, no swap. */
function reloadsInPlace(input: SeedState, changes: string[]): boolean {
  return changes.length === 0 && input.existing?.kind === 'table' && !input.fullRefresh;
}

/**
 * Whether the seed's plan swaps an existing relation (so it needs what depends on it): --full-refresh, or a
 * relation of another kind in its place (a changed column set without --full-refresh is refused instead).
 */
export function seedSwaps(input: SeedState): boolean {
  if (!input.existing) return false;
  const changes = diff(input.existing.columns, input.columns, loadedAtColumn(input.node) ?? '');
  return !reloadsInPlace(input, changes) && (changes.length === 0 || input.fullRefresh);
}

/**
 * Loads a CSV into its table. First load: create and COPY. Reload with the
 * same columns: TRUNCATE and COPY in one transaction (readers see the old
 * rows until it commits). Changed columns: only with --full-refresh, which
 * rebuilds the table with the swap every table gets (dependents survive).
 */
export function planSeed(input: SeedPlanInput): Plan {
  const d = input.dialect;
  const names = input.columns.map((c) => c.name);
  const audit = loadedAtColumn(input.node);
  if (audit !== undefined && names.includes(audit)) {
    const file = input.node.originalFilePath;
    throw new TsmodelError(
      'config',
      `${file} has a column named ${audit}, the column tsmodel adds to every seed table for the load time`,
      {
        location: { file, line: 1 },
        hint:
          `Rename that column in the CSV, or give the load-time column another name in the seed's ` +
          `config (loaded_at_column: ${audit}_by_tsmodel).`,
      },
    );
  }
  // Rows and NULLs per column are counted as the file streams past (execute/run-seed.ts): no second scan.
  const load = (target: typeof input.relation): Step[] => [
    {
      sql: d.copyCsv(target, names, input.format),
      label: `copy ${input.node.originalFilePath} into the table`,
      copy: true,
      countsRows: true,
    },
  ];
  const create = (target: typeof input.relation): Step => ({
    sql: d.createTable(target, [
      ...input.columns,
      ...(audit === undefined
        ? []
        : [{ name: audit, type: 'timestamp with time zone', notNull: true, default: 'now()' }]),
    ]),
    label: 'create table',
  });
  const seedInput = { ...input, compiledSql: '', incremental: false, constraints: [] };
  if (input.existing) {
    const changes = diff(input.existing.columns, input.columns, audit ?? '');
    if (reloadsInPlace(input, changes)) {
      const steps: Step[] = [
        ...input.preHooks.map((sql, i) => ({ sql, label: `pre-hook ${i + 1}` })),
        { sql: d.truncate(input.relation), label: 'truncate the previous rows' },
        ...load(input.relation),
        ...input.postHooks.map((sql, i) => ({ sql, label: `post-hook ${i + 1}` })),
      ];
      return { steps, verb: 'reloaded', kind: 'table' };
    }
    if (changes.length > 0 && !input.fullRefresh) {
      throw new TsmodelError(
        'materialization',
        `The columns of ${input.node.originalFilePath} no longer match ${input.relation.schema}.` +
          `${input.relation.identifier} (${changes.join('; ')})`,
        {
          location: { file: input.node.originalFilePath, line: 1 },
          hint:
            input.node.config.full_refresh === undefined || input.node.config.full_refresh === null
              ? `Rebuild it with: tsmodel seed --full-refresh --select ${input.node.name}`
              : `The seed's config says full_refresh: false, so --full-refresh does not rebuild it: ` +
                'remove that config (or set it to true) and run tsmodel seed --full-refresh --select ' +
                `${input.node.name}.`,
        },
      );
    }
  }
  return buildAndSwap(seedInput, 'table', 'loaded', (target) => [create(target), ...load(target)]);
}
