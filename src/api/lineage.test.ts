import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExampleProject } from '../docs/test-support/example.js';
import { downstreamIndex, walkColumns, type LineageKind, type ProjectLineage } from '../lineage/index.js';
import { MemorySink } from '../events/index.js';
import { lineage } from './lineage.js';
import { loadColumnLineage } from './column-lineage.js';
import { ls } from './ls.js';
import { compile } from './compile.js';

const M = (name: string) => `model.ecommerce.${name}`;
const S = (name: string) => `seed.ecommerce.${name}`;

let dir: string;
let computed: ProjectLineage;
let warnings: string[];

beforeAll(async () => {
  dir = copyExampleProject();
  const result = await lineage({ projectDir: dir });
  computed = result.lineage;
  warnings = result.warnings;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function upstream(node: string, column: string, kinds?: LineageKind[]): string[] {
  const col = computed.nodes[node]!.columns.find((c) => c.name === column)!;
  expect(col, `${node}.${column}`).toBeDefined();
  return col.upstream
    .filter((u) => !kinds || kinds.includes(u.kind))
    .map((u) => `${u.node}.${u.column}:${u.kind}`)
    .sort();
}

/** Where the values of a column come from, all the way up (copies and transforms only). */
function origins(node: string, column: string): string[] {
  const reached = walkColumns(computed, downstreamIndex(computed), [{ node, column }], 'up', {
    kinds: ['copy', 'transform'],
  });
  return reached.filter((c) => c.node.startsWith('seed.')).map((c) => `${c.node}.${c.column}`);
}

describe('the example project’s column lineage', () => {
  it('resolves every column of every node, with no warning', () => {
    for (const [id, entry] of Object.entries(computed.nodes)) {
      expect(entry.unknown, id).toBeUndefined();
      for (const col of entry.columns) expect(col.unknown, `${id}.${col.name}`).toBeUndefined();
    }
    expect(warnings).toEqual([]);
    expect(existsSync(join(dir, 'target', 'lineage.json'))).toBe(true);
  });

  it('line totals come from quantity, unit price and discount', () => {
    expect(upstream(M('prod_transaction_items'), 'line_total', ['copy', 'transform'])).toEqual([
      `${S('transaction_items')}.discount:transform`,
      `${S('transaction_items')}.quantity:transform`,
      `${S('transaction_items')}.unit_price:transform`,
    ]);
    expect(upstream(M('fact_sales'), 'line_total', ['copy', 'transform'])).toEqual([
      `${M('prod_transaction_items')}.line_total:copy`,
    ]);
    // Daily revenue is the sum of fact_sales' line totals: back to the seed's three columns.
    expect(upstream(M('agg_daily_sales.v2'), 'revenue', ['copy', 'transform'])).toEqual([
      `${M('fact_sales')}.line_total:transform`,
    ]);
    expect(origins(M('agg_daily_sales.v2'), 'revenue').sort()).toEqual([
      `${S('transaction_items')}.discount`,
      `${S('transaction_items')}.quantity`,
      `${S('transaction_items')}.unit_price`,
    ]);
  });

  it('margins read the product version’s cost, and the as-of join decides the rows', () => {
    const margin = upstream(M('fact_sales'), 'margin');
    expect(margin).toContain(`${M('dim_products')}.cost:transform`);
    expect(margin).toContain(`${M('prod_transaction_items')}.quantity:transform`);
    expect(margin).toContain(`${M('dim_products')}.effective_date:join`);
    expect(margin).toContain(`${M('prod_transactions')}.transaction_date:join`);
  });

  it('customer attributes are copied from production, where they are cleaned', () => {
    expect(upstream(M('dim_customers'), 'city')).toEqual([`${M('prod_customers')}.city:copy`]);
    expect(upstream(M('prod_customers'), 'city', ['copy', 'transform'])).toEqual([`${S('customers')}.city:transform`]);
    expect(upstream(M('prod_customers'), 'email', ['copy', 'transform'])).toEqual([
      `${S('customers')}.email:transform`,
    ]);
    // The snapshot's meta columns come from no upstream column.
    expect(upstream(M('dim_customers'), 'customer_sk')).toEqual([]);
  });

  it('writes target/lineage.json with every node', () => {
    const json = JSON.parse(readFileSync(join(dir, 'target', 'lineage.json'), 'utf8')) as {
      nodes: Record<string, { columns_from: string; columns: { name: string }[] }>;
    };
    expect(json.nodes[M('fact_sales')]!.columns_from).toBe('sql');
    expect(json.nodes[S('customers')]!.columns_from).toBe('seed');
    expect(json.nodes[M('fact_sales')]!.columns.map((c) => c.name)).toContain('margin');
  });
});

describe('the column: selector', () => {
  const ids = (select: string) =>
    ls({ projectDir: dir, select: [select], resourceTypes: ['model', 'snapshot', 'analysis', 'seed'] })
      .map((e) => e.uniqueId)
      .sort();

  beforeAll(loadColumnLineage);

  it('column:production.customers.email+ lists the nodes computed from customers’ email, not all descendants', () => {
    const selected = ids('column:production.customers.email+');
    expect(selected).toContain(M('prod_customers'));
    expect(selected).toContain(M('dim_customers'));
    // fact_sales is a descendant of prod_customers, but reads no column computed from the email.
    expect(selected).not.toContain(M('fact_sales'));
    expect(ids('prod_customers+')).toContain(M('fact_sales'));
  });

  it('follows a column down by model name, and up with +column:', () => {
    const down = ids('column:prod_transaction_items.line_total+');
    expect(down).toEqual(expect.arrayContaining([M('fact_sales'), M('agg_daily_sales.v2'), M('agg_product_sales')]));
    const up = ids('+column:agg_daily_sales.revenue');
    expect(up).toEqual(expect.arrayContaining([M('fact_sales'), M('prod_transaction_items'), S('transaction_items')]));
    // Joins decide which rows are summed: the as-of join's dimension counts too.
    expect(up).toContain(M('dim_customers'));
    expect(up).not.toContain(M('agg_customer_lifetime'));
    expect(ids('column:fact_sales.margin')).toEqual([M('fact_sales')]);
    // +1: one step of column lineage (fact_sales), not the aggregates two steps down.
    const oneStep = ids('column:prod_transaction_items.line_total+1');
    expect(oneStep).toEqual([M('fact_sales'), M('prod_transaction_items')]);
    // Wildcards in the column part match the node's known columns.
    expect(ids('column:dim_customers.*_date+')).toContain(M('fact_sales'));
  });

  it('rejects a value that names no column, before anything runs', () => {
    expect(() => ids('column:fact_sales')).toThrow(/is not a column/);
  });
});

describe('lineage --state', () => {
  it('reports the downstream columns a modified model touches (state:modified)', async () => {
    compile({ projectDir: dir }); // target/manifest.json: the state to compare with
    const state = mkdtempSync(join(tmpdir(), 'tsmodel-state-'));
    try {
      cpSync(join(dir, 'target', 'manifest.json'), join(state, 'manifest.json'));
      const file = join(dir, 'models', 'warehouse', 'dim_payment_method.sql');
      const before = readFileSync(file, 'utf8');
      writeFileSync(file, `${before}\n-- changed`);
      try {
        const result = await lineage({ projectDir: dir, state });
        expect(result.modified!.nodes).toEqual([M('dim_payment_method')]);
        const touched = result.modified!.touched.map((c) => `${c.node}.${c.column}`);
        expect(touched).toContain(`${M('fact_sales')}.payment_method_sk`);
        expect(touched).not.toContain(`${M('dim_customers')}.city`);
      } finally {
        writeFileSync(file, before);
      }
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });
});

describe('lineage warnings', () => {
  it('warns when a contract or a test names a column the SQL does not produce', async () => {
    const project = mkdtempSync(join(tmpdir(), 'tsmodel-lineage-'));
    try {
      mkdirSync(join(project, 'models'));
      writeFileSync(join(project, 'project.yml'), 'name: shop\nprofile: shop\nmodel-paths: [models]\n');
      writeFileSync(join(project, 'models', 'a.sql'), 'select 1 as id, 2 as amount');
      writeFileSync(
        join(project, 'models', 'schema.yml'),
        [
          'models:',
          '  - name: a',
          '    columns:',
          '      - name: id',
          '        data_tests: [not_null]',
          '      - name: amout',
          '        data_tests: [not_null]',
          '      - name: note',
          '        description: documented only',
        ].join('\n'),
      );
      const sink = new MemorySink();
      const result = await lineage({ projectDir: project, events: sink });
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings[0]).toMatch(/models\/schema\.yml: a\.amout has a data test.*no column "amout"/);
      // The same warning at compile time (the parser is loaded by now, as the CLI loads it for compile).
      const compiling = new MemorySink();
      compile({ projectDir: project, events: compiling });
      const logged = compiling.events.map((e) => JSON.stringify(e));
      expect(logged.filter((e) => e.includes('no column \\"amout\\"'))).toHaveLength(1);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
