/**
 * The repository's own e-commerce project for end-to-end tests: a copy in a
 * temp folder, and per-table checksums to compare what two builds left in
 * their databases.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Adapter } from '../../adapters/types.js';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const PROJECT_PARTS = ['project.yml', 'models', 'seeds', 'macros', 'analyses', 'tests', 'snapshots'];

/** A copy of the repository's project (project.yml, models, seeds, macros, …) in a new temp folder; the caller removes it. */
export function copyExampleProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsmodel-example-'));
  for (const f of PROJECT_PARTS) {
    try {
      cpSync(join(REPO_ROOT, f), join(dir, f), { recursive: true });
    } catch {
      // a folder the project does not have
    }
  }
  return dir;
}

/** The tables of the example project's production and warehouse layers. */
export const EXAMPLE_TABLES: readonly string[] = [
  'production.customers',
  'production.products',
  'production.transactions',
  'production.transaction_items',
  'warehouse.dim_customers',
  'warehouse.dim_products',
  'warehouse.dim_date',
  'warehouse.dim_payment_method',
  'warehouse.fact_sales',
  'warehouse.agg_daily_sales',
  'warehouse.agg_product_sales',
  'warehouse.agg_customer_lifetime',
];

export type TableChecksums = Record<string, { rows: number; md5: string }>;

/**
 * Each relation's row count and an md5 of its rows (sorted, every column but
 * loaded_at, which holds the load time), keyed by the given "schema.name".
 */
export async function tableChecksums(adapter: Adapter, tables: readonly string[]): Promise<TableChecksums> {
  const out: TableChecksums = {};
  for (const t of tables) {
    const cols = await adapter.query(
      `select string_agg(quote_ident(attname), ', ' order by attnum) as c from pg_attribute where ` +
        `attrelid = $1::regclass and attnum > 0 and not attisdropped and attname <> 'loaded_at'`,
      [t],
    );
    const res = await adapter.query(
      `select count(*)::int as rows, md5(coalesce(string_agg(r::text, '|' order by r::text), '')) as md5 ` +
        `from (select ${cols.rows[0]!.c} from ${t}) r`,
    );
    out[t] = { rows: Number(res.rows[0]!.rows), md5: String(res.rows[0]!.md5) };
  }
  return out;
}
