import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import type { TsmodelErrors } from '../errors/index.js';
import { MemorySink } from '../events/index.js';
import { DASHBOARD_SECTIONS } from '../dashboard/index.js';
import { databaseProject } from './test-support/database-project.js';
import { copyExampleProject } from './test-support/example-project.js';
import { docsGenerate } from './docs.js';
import { ls } from './ls.js';
import { build } from './run.js';
import { compile } from './compile.js';

const EXPOSURES = `version: 2
exposures:
  - name: sales_dashboard
    label: Sales
    type: dashboard
    maturity: high
    url: https://bi.example.com/sales
    description: Daily revenue, {{ 2 * 7 }} panels
    owner: {name: Ana, email: ana@example.com}
    depends_on:
      - ref('daily_sales')
      - source('raw', 'regions')
    tags: [finance]
    meta: {refresh: hourly}
  - name: churn_notebook
    type: notebook
    owner: {email: bo@example.com}
    depends_on: ["ref('customers')"]
`;

const FILES: Record<string, string> = {
  'project.yml': 'name: shop\n',
  'seeds/raw_orders.csv': 'order_id,customer_id,amount\n1,1,10\n2,2,5\n',
  'models/orders.sql': "select * from {{ ref('raw_orders') }}",
  'models/daily_sales.sql':
    "{{ config(materialized='table') }}\nselect sum(amount) as revenue from {{ ref('orders') }}",
  'models/customers.sql': "select distinct customer_id from {{ ref('orders') }}",
  'models/unrelated.sql': 'select 1 as x',
  'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    schema: main\n    tables: [{name: regions}]\n',
  'models/exposures.yml': EXPOSURES,
};

describeEachDatabase('exposures on %s', (kind) => {
  const { db, project } = databaseProject(kind, FILES);
  const opts = () => ({ projectDir: project.dir, targetConfig: db.target });

  it('are listed by ls --resource-type exposure, with what they depend on', () => {
    const entries = ls({ ...opts(), resourceTypes: ['exposure'] });
    expect(entries.map((e) => [e.name, e.dependsOn.sort()])).toEqual([
      ['churn_notebook', ['model.shop.customers']],
      ['sales_dashboard', ['model.shop.daily_sales', 'source.shop.raw.regions']],
    ]);
    expect(entries.every((e) => e.resourceType === 'exposure' && e.materialized === undefined)).toBe(true);
    expect(entries.find((e) => e.name === 'sales_dashboard')!.tags).toEqual(['finance']);
    expect(ls({ ...opts(), select: ['exposure:shop.churn_*'] }).map((e) => e.name)).toEqual(['churn_notebook']);
  });

  it('+exposure:name selects what the exposure needs, and build builds just that', async () => {
    const names = ls({ ...opts(), select: ['+exposure:sales_dashboard'] }).map((e) => e.name);
    expect(names.sort()).toEqual(['daily_sales', 'orders', 'raw.regions', 'raw_orders', 'sales_dashboard']);
    const summary = await build({
      ...opts(),
      adapter: db.adapter(),
      events: new MemorySink(),
      select: ['+exposure:sales_dashboard'],
    });
    expect(summary.success).toBe(true);
    expect(summary.results.map((r) => r.node.name).sort()).toEqual(['daily_sales', 'orders', 'raw_orders']);
    const rows = await db.adapter().query('select revenue::int as revenue from main.daily_sales');
    expect(rows.rows).toEqual([{ revenue: 15 }]);
  });

  it('are in manifest.json under exposures, and in the docs lineage', async () => {
    compile(opts());
    const manifest = JSON.parse(readFileSync(join(project.dir, 'target', 'manifest.json'), 'utf8')) as {
      exposures: Record<string, Record<string, unknown>>;
      nodes: Record<string, unknown>;
      child_map: Record<string, string[]>;
    };
    expect(Object.keys(manifest.exposures).sort()).toEqual([
      'exposure.shop.churn_notebook',
      'exposure.shop.sales_dashboard',
    ]);
    expect(manifest.exposures['exposure.shop.sales_dashboard']).toMatchObject({
      resource_type: 'exposure',
      type: 'dashboard',
      label: 'Sales',
      maturity: 'high',
      url: 'https://bi.example.com/sales',
      description: 'Daily revenue, 14 panels',
      owner: { name: 'Ana', email: 'ana@example.com' },
      meta: { refresh: 'hourly' },
      tags: ['finance'],
      depends_on: { nodes: ['model.shop.daily_sales', 'source.shop.raw.regions'], macros: [] },
      original_file_path: 'models/exposures.yml',
    });
    expect(manifest.nodes['exposure.shop.sales_dashboard']).toBeUndefined();
    expect(manifest.child_map['model.shop.daily_sales']).toEqual(['exposure.shop.sales_dashboard']);

    const docs = await docsGenerate({ ...opts(), events: new MemorySink() });
    const node = docs.data.nodes.find((n) => n.id === 'exposure.shop.sales_dashboard')!;
    expect(node.parents).toEqual(['model.shop.daily_sales', 'source.shop.raw.regions']);
    expect(node.exposure?.owner.name).toBe('Ana');
    expect(docs.data.layout.nodes.map((n) => n.id)).toContain('exposure.shop.sales_dashboard');
  });

  const problems = () => {
    try {
      ls(opts());
    } catch (err) {
      return (err as TsmodelErrors).errors.map((e) => `${e.location?.file}:${e.location?.line} ${e.message}`);
    }
    return [];
  };

  it('a depends_on naming a missing model is an error at its line, naming the exposure', () => {
    project.write('models/exposures.yml', EXPOSURES.replace("ref('daily_sales')", "ref('daily_sale')"));
    expect(problems()).toEqual([
      "models/exposures.yml:11 exposure 'sales_dashboard' refers to 'daily_sale', which was not found",
    ]);
  });

  it('a wrong type, a missing owner, or an entry that is not ref()/source() is an error at its line', () => {
    project.write(
      'models/exposures.yml',
      EXPOSURES.replace('type: dashboard', 'type: dashbord')
        .replace('    owner: {email: bo@example.com}\n', '')
        .replace("- source('raw', 'regions')", '- daily_sales'),
    );
    expect(problems()).toEqual([
      "models/exposures.yml:5 exposure 'sales_dashboard': type 'dashbord' is not one of dashboard, notebook, analysis, ml, application",
      "models/exposures.yml:15 exposure 'churn_notebook' needs an owner with a name or an email",
    ]);
    project.write('models/exposures.yml', EXPOSURES.replace("- source('raw', 'regions')", '- daily_sales'));
    expect(problems()).toEqual([
      "models/exposures.yml:12 depends_on of exposure 'sales_dashboard': 'daily_sales' is not a ref() or source()",
    ]);
  });
});

describe("the example project's dashboards", () => {
  it('are declared as exposures; +exposure: selects the warehouse models each reads and their parents', () => {
    const dir = copyExampleProject();
    try {
      const entries = ls({ projectDir: dir, resourceTypes: ['exposure'] });
      expect(entries.map((e) => e.name).sort()).toEqual([
        'customer_dashboard',
        'kpi_dashboard',
        'product_dashboard',
        'sales_dashboard',
      ]);
      // Each exposure depends on exactly the models its dashboard section's analyses ref().
      const sections: Record<string, readonly string[]> = {
        kpi_dashboard: DASHBOARD_SECTIONS.kpis,
        sales_dashboard: DASHBOARD_SECTIONS.sales,
        product_dashboard: DASHBOARD_SECTIONS.products,
        customer_dashboard: DASHBOARD_SECTIONS.customers,
      };
      for (const e of entries) {
        const read = new Set(
          sections[e.name]!.flatMap((a) =>
            [...readFileSync(join(dir, 'analyses', `${a}.sql`), 'utf8').matchAll(/ref\('(\w+)'\)/g)].map(
              (m) => `model.ecommerce.${m[1]}`,
            ),
          ),
        );
        // agg_daily_sales is versioned: ref('agg_daily_sales') is its latest version, v1.
        const ids = e.dependsOn.map((id) => id.replace(/\.v\d+$/, ''));
        expect(ids.sort(), e.name).toEqual([...read].sort());
      }
      const needed = ls({ projectDir: dir, select: ['+exposure:sales_dashboard'], resourceTypes: ['model'] });
      expect(needed.map((e) => e.name)).toContain('agg_daily_sales');
      expect(needed.map((e) => e.name)).not.toContain('agg_product_sales');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
