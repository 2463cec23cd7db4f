import { join } from 'node:path';
import type { Adapter } from '../adapters/index.js';
import { describeQuery, getRelation } from '../adapters/introspect.js';
import type { ColumnDef } from '../adapters/postgres-dialect.js';
import type { Graph } from '../graph/index.js';
import { LOADED_AT } from '../materialize/seed.js';
import { inferType, seedColumns } from '../materialize/seed-types.js';
import type { ParseEnv, ProjectNode } from '../parse/index.js';
import { sampleCsv } from '../project/index.js';
import { emptyRelationSql, quote } from './literals.js';
import { renderWithInputs } from './render.js';
import type { Fixture } from '../parse/unit-tests/types.js';

/** A relation's columns, and whether that list is the whole truth (a column not in it does not exist). */
export interface ResolvedColumns {
  columns: ColumnDef[];
  /** contract, database, seed file, model query — or declared/rows (not exhaustive). */
  from: 'contract' | 'database' | 'seed file' | 'model query' | 'declared' | 'rows';
  exhaustive: boolean;
}

export interface ColumnTypesContext {
  graph: Graph;
  penv: ParseEnv;
  projectRoot: string;
  /** Where queries are described (the target, or the embedded database). */
  adapter: Adapter;
  /** Whether relations already in the database are trusted for types (false on the embedded database). */
  useDatabase: boolean;
  /** The project's seeds, disabled ones too: a source a seed loads is typed like that seed. */
  seeds?: readonly ProjectNode[];
}

/** Materializations whose relation has exactly the columns of the model's query. */
const PLAIN = new Set(['table', 'view', 'incremental', 'ephemeral', 'materialized_view']);

function declared(node: ProjectNode): ColumnDef[] {
  return Object.values(node.columns)
    .filter((c) => c.data_type)
    .map((c) => ({ name: c.name, type: c.data_type! }));
}

function contract(node: ProjectNode): ColumnDef[] | undefined {
  const c = node.config.contract as { enforced?: unknown } | undefined;
  if (!c || (c.enforced !== true && c.enforced !== 'true')) return undefined;
  const cols = declared(node);
  return cols.length > 0 && cols.length === Object.keys(node.columns).length ? cols : undefined;
}

/**
 * The column types of a unit test's inputs: the parent's contract, else its
 * relation in the database when it exists, else tsmodel's own inference (a
 * seed's CSV as `tsmodel seed` types it; a model's query described on empty
 * typed inputs, recursively), else declared data_types and the fixture's
 * values. Cached per node for the run.
 */
export class ColumnTypes {
  private readonly cache = new Map<string, Promise<ResolvedColumns | undefined>>();

  constructor(private readonly ctx: ColumnTypesContext) {}

  /** The columns of a parent, completed from the fixture's values where nothing else tells. */
  async forInput(nodeId: string, fixture?: Fixture): Promise<ResolvedColumns> {
    const node = this.ctx.graph.nodes.get(nodeId)!;
    const known = await this.of(nodeId);
    if (known?.exhaustive) return known;
    const columns = [...(known?.columns ?? [])];
    for (const c of declared(node)) if (!columns.some((k) => k.name === c.name)) columns.push(c);
    if (fixture && fixture.format !== 'sql') {
      for (const name of fixture.columns) {
        if (columns.some((k) => k.name === name)) continue;
        const values = fixture.rows.map((r) => r.values[name] ?? '');
        columns.push({ name, type: inferType(values, '') });
      }
    }
    return { columns, from: known?.from ?? (declared(node).length ? 'declared' : 'rows'), exhaustive: false };
  }

  /** The authoritative columns of a node, when something tells them. */
  of(nodeId: string): Promise<ResolvedColumns | undefined> {
    let p = this.cache.get(nodeId);
    if (!p) this.cache.set(nodeId, (p = this.resolve(nodeId)));
    return p;
  }

  private async resolve(nodeId: string): Promise<ResolvedColumns | undefined> {
    const node = this.ctx.graph.nodes.get(nodeId)!;
    const fromContract = contract(node);
    if (fromContract) return { columns: fromContract, from: 'contract', exhaustive: true };
    if (this.ctx.useDatabase && node.relation && node.config.materialized !== 'ephemeral') {
      const rel = await getRelation(this.ctx.adapter, node.relation);
      if (rel)
        return {
          columns: rel.columns.map((c) => ({ name: c.name, type: c.type })),
          from: 'database',
          exhaustive: true,
        };
    }
    if (node.resourceType === 'seed') return this.seed(node);
    if (node.resourceType === 'model') return this.model(node);
    if (node.resourceType === 'source') {
      // A source table this project's own seed loads (jaffle-shop's raw tables): the seed's CSV types it.
      const r = node.relation;
      const seed = this.ctx.seeds?.find(
        (s) => s.relation && r && s.relation.schema === r.schema && s.relation.identifier === r.identifier,
      );
      if (seed) {
        try {
          const cols = this.seed(seed);
          return { ...cols, columns: cols.columns.filter((c) => c.name !== LOADED_AT), exhaustive: false };
        } catch {
          return undefined; // the file is not there: nothing to learn from it
        }
      }
    }
    return undefined;
  }

  private seed(node: ProjectNode): ResolvedColumns {
    const c = node.config;
    const fmt = { delimiter: String(c.delimiter ?? ','), quote: String(c.quote ?? c.quote_char ?? '"') };
    const sample = sampleCsv(join(this.ctx.projectRoot, node.originalFilePath), fmt);
    const header = sample.header.map((h) => h.trim());
    const types =
      c.column_types && typeof c.column_types === 'object' ? (c.column_types as Record<string, unknown>) : {};
    const columns = seedColumns(header, sample.rows, types, String(c.null ?? c.null_string ?? ''));
    return {
      columns: [...columns, { name: LOADED_AT, type: 'timestamp with time zone' }],
      from: 'seed file',
      exhaustive: true,
    };
  }

  /** Describes the model's query over empty relations of its parents' columns. */
  private async model(node: ProjectNode): Promise<ResolvedColumns | undefined> {
    const parents = [...(this.ctx.graph.parents.get(node.uniqueId) ?? [])].sort();
    const ctes: string[] = [];
    const names = new Map<string, string>();
    for (const [i, id] of parents.entries()) {
      const cols = await this.forInput(id);
      if (cols.columns.length === 0) return undefined;
      const name = `__ut_empty_${i + 1}`;
      names.set(id, name);
      ctes.push(`${name} as (${emptyRelationSql(cols.columns)})`);
    }
    const sql = renderWithInputs(this.ctx.graph, this.ctx.penv, node, {
      cteFor: (id) => names.get(id),
      isIncremental: false,
    });
    const query = `${ctes.length ? `with ${ctes.join(',\n')}\n` : ''}select * from (\n${sql}\n) as ${quote('__ut_model')}`;
    const columns = await describeQuery(this.ctx.adapter, query);
    return { columns, from: 'model query', exhaustive: PLAIN.has(node.config.materialized) };
  }
}
