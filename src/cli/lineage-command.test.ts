import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExampleProject } from '../docs/test-support/example.js';
import { runCli } from './test-support/cli.js';

let dir: string;
const cli = (...args: string[]) => runCli(args, { cwd: dir });

beforeAll(() => {
  dir = copyExampleProject();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tsmodel lineage and the column: selector, as a user types them', () => {
  it('tsmodel lineage --column prints where a column comes from and goes, and writes target/lineage.json', async () => {
    const res = await cli('lineage', '--column', 'prod_transaction_items.line_total');
    expect(res.code, res.all).toBe(0);
    expect(res.stdout).toMatch(/^prod_transaction_items\.line_total ← .*transaction_items\.quantity \(transform\)/m);
    expect(res.stdout).toContain('→ fact_sales.line_total (copy)');
    expect(res.stderr).toContain('Wrote target/lineage.json');
    expect(existsSync(join(dir, 'target', 'lineage.json'))).toBe(true);
  }, 60_000);

  it('tsmodel ls -s column:production.customers.email+ lists the models computed from the email', async () => {
    const res = await cli('ls', '-s', 'column:production.customers.email+', '--resource-type', 'model');
    expect(res.code, res.all).toBe(0);
    expect(res.stdout.trim().split('\n')).toEqual([
      'ecommerce.production.prod_customers',
      'ecommerce.warehouse.dim_customers',
    ]);
  }, 60_000);

  it('a column: value without a column is a usage error, with the form to write', async () => {
    const res = await cli('ls', '-s', 'column:fact_sales');
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('"fact_sales" is not a column');
    expect(res.stderr).toContain('column:production.customers.email+');
  }, 60_000);
});
