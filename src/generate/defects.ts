/**
 * Deliberate defects: one kind for every cleansing rule of the architecture
 * document. Rows to spoil are planned up front (exact counts, at most one
 * defect per row); each injector (defect-injectors.ts) says what it does to a row
 * and how a checker recognises it. Clean rows never match any of these descriptions.
 */
import type { Rng } from './rng.js';
import { sampleDistinct } from './rng.js';

export const DEFECT_KINDS = [
  'duplicate_customers',
  'unstandardized_names',
  'missing_fields',
  'invalid_prices',
  'cost_not_below_price',
  'missing_supplier_id',
  'invalid_dates',
  'future_dates',
  'invalid_payment_methods',
  'null_required',
  'wrong_line_totals',
  'nonpositive_quantities',
  'discount_out_of_range',
  'orphan_foreign_keys',
] as const;

export type DefectKind = (typeof DEFECT_KINDS)[number];

export type TableName = 'customers' | 'products' | 'transactions' | 'transaction_items';

export const TABLES: readonly TableName[] = ['customers', 'products', 'transactions', 'transaction_items'];

/** Which kinds each table receives (the cleansing rules of its production model). */
export const TABLE_DEFECTS: Readonly<Record<TableName, readonly DefectKind[]>> = {
  customers: ['duplicate_customers', 'unstandardized_names', 'missing_fields'],
  products: ['invalid_prices', 'cost_not_below_price', 'missing_supplier_id'],
  transactions: ['invalid_dates', 'future_dates', 'invalid_payment_methods', 'null_required', 'orphan_foreign_keys'],
  transaction_items: [
    'null_required',
    'orphan_foreign_keys',
    'wrong_line_totals',
    'nonpositive_quantities',
    'discount_out_of_range',
  ],
};

/** Row index → the one defect it gets. */
export type DefectPlan = ReadonlyMap<number, DefectKind>;

/**
 * Spoils round(rows × rate) rows of [lo, hi) — at least one per kind when the
 * rate is above zero — split as evenly as possible between the table's kinds.
 */
export function planDefects(rng: Rng, lo: number, hi: number, rate: number, kinds: readonly DefectKind[]): DefectPlan {
  const plan = new Map<number, DefectKind>();
  const rows = hi - lo;
  if (rate <= 0 || rows <= 0) return plan;
  const total = Math.min(rows, Math.max(kinds.length, Math.round(rows * rate)));
  const assigned: DefectKind[] = [];
  for (let k = 0; k < total; k++) assigned.push(kinds[k % kinds.length]!);
  rng.shuffle(assigned);
  const indexes = sampleDistinct(rng, lo, hi, total);
  indexes.forEach((index, k) => plan.set(index, assigned[k]!));
  return plan;
}

/** Exact per-table, per-kind tally of what was injected. */
export class DefectTally {
  private readonly byTable = new Map<TableName, Map<DefectKind, number>>();

  add(table: TableName, kind: DefectKind): void {
    let m = this.byTable.get(table);
    if (!m) this.byTable.set(table, (m = new Map()));
    m.set(kind, (m.get(kind) ?? 0) + 1);
  }

  totals(): Record<DefectKind, number> {
    const out = Object.fromEntries(DEFECT_KINDS.map((k) => [k, 0])) as Record<DefectKind, number>;
    for (const m of this.byTable.values()) for (const [k, n] of m) out[k] += n;
    return out;
  }

  perTable(): Record<TableName, Partial<Record<DefectKind, number>>> {
    const out = {} as Record<TableName, Partial<Record<DefectKind, number>>>;
    for (const table of TABLES) {
      const m = this.byTable.get(table);
      out[table] = Object.fromEntries(TABLE_DEFECTS[table].map((k) => [k, m?.get(k) ?? 0]));
    }
    return out;
  }
}
