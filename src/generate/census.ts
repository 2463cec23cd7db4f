/**
 * An independent reading of generated files: counts, from the CSV text alone,
 * the rows that break each cleansing rule. The tests compare it with the
 * metadata; it is also a handy probe when changing an injector. It knows the
 * rules, not the generator's plans.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCsv } from './csv.js';
import { DEFECT_KINDS, TABLE_DEFECTS } from './defects.js';
import type { DefectKind, TableName } from './defects.js';
import { CANONICAL_PAYMENT_METHODS } from './world.js';

export type Table = Record<string, string>[];

export async function readTable(dir: string, table: TableName): Promise<Table> {
  const [header, ...rows] = parseCsv(await readFile(join(dir, `${table}.csv`), 'utf8'));
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** A real calendar timestamp `YYYY-MM-DD HH:MM:SS`. */
export function isValidTimestamp(s: string): boolean {
  const m = TIMESTAMP.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function unstandardized(name: string): boolean {
  return (
    name !== name.trim() ||
    /\s{2,}/.test(name) ||
    (name === name.toLowerCase() && name !== name.toUpperCase()) ||
    (name === name.toUpperCase() && name !== name.toLowerCase())
  );
}

export interface Census {
  byTable: Record<TableName, Partial<Record<DefectKind, number>>>;
  totals: Record<DefectKind, number>;
  /** rows that break more than one rule (should be none) */
  rowsWithSeveral: number;
}

/** Reads the four CSV files of `dir`; `cutoff` is the batch's last day (`YYYY-MM-DD`). */
export async function census(dir: string, cutoff: string): Promise<Census> {
  const [customers, products, transactions, items] = await Promise.all(
    (['customers', 'products', 'transactions', 'transaction_items'] as const).map((t) => readTable(dir, t)),
  );
  const byTable = Object.fromEntries(
    Object.entries(TABLE_DEFECTS).map(([t, kinds]) => [t, Object.fromEntries(kinds.map((k) => [k, 0]))]),
  ) as Record<TableName, Record<string, number>>;
  let rowsWithSeveral = 0;
  const tally = (table: TableName, found: DefectKind[]): void => {
    if (found.length > 1) rowsWithSeveral++;
    for (const k of found) byTable[table][k]!++;
  };

  const emails = new Set<string>();
  for (const c of customers) {
    const email = c.email!.trim().toLowerCase();
    if (email !== '' && emails.has(email)) {
      tally('customers', ['duplicate_customers']);
      continue;
    }
    if (email !== '') emails.add(email);
    const found: DefectKind[] = [];
    if (unstandardized(c.first_name!) || unstandardized(c.last_name!)) found.push('unstandardized_names');
    if (c.email === '' || c.phone === '' || c.city === '') found.push('missing_fields');
    tally('customers', found);
  }

  for (const p of products) {
    const found: DefectKind[] = [];
    const price = p.price === '' ? NaN : Number(p.price);
    if (!(price > 0)) found.push('invalid_prices');
    else if (Number(p.cost) >= price) found.push('cost_not_below_price');
    if (p.supplier_id === '') found.push('missing_supplier_id');
    tally('products', found);
  }

  const customerIds = new Set(customers.map((c) => c.customer_id!));
  const canonical = new Set(CANONICAL_PAYMENT_METHODS);
  const end = `${cutoff} 23:59:59`;
  for (const t of transactions) {
    const found: DefectKind[] = [];
    const date = t.transaction_date!;
    if (!isValidTimestamp(date)) found.push('invalid_dates');
    else if (date > end) found.push('future_dates');
    if (!canonical.has(t.payment_method!)) found.push('invalid_payment_methods');
    if (t.customer_id === '') found.push('null_required');
    else if (!customerIds.has(t.customer_id!)) found.push('orphan_foreign_keys');
    tally('transactions', found);
  }

  const txnIds = new Set(transactions.map((t) => t.transaction_id!));
  const productIds = new Set(products.map((p) => p.product_id!));
  for (const it of items) {
    const found: DefectKind[] = [];
    if (it.transaction_id === '' || it.product_id === '') found.push('null_required');
    else if (!txnIds.has(it.transaction_id!) || !productIds.has(it.product_id!)) found.push('orphan_foreign_keys');
    const q = Number(it.quantity);
    const d = Number(it.discount);
    if (q <= 0) found.push('nonpositive_quantities');
    if (d < 0 || d > 1) found.push('discount_out_of_range');
    if (Math.abs(Number(it.line_total) - q * Number(it.unit_price) * (1 - d)) > 0.006) found.push('wrong_line_totals');
    tally('transaction_items', found);
  }

  const totals = Object.fromEntries(DEFECT_KINDS.map((k) => [k, 0])) as Record<DefectKind, number>;
  for (const counts of Object.values(byTable))
    for (const [k, n] of Object.entries(counts)) totals[k as DefectKind] += n;
  return { byTable, totals, rowsWithSeveral };
}
