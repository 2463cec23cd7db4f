import { expect } from 'vitest';
import { buildGraph, type Graph } from '../../graph/index.js';
import type { NodeConfig, ProjectNode, ResourceType } from '../../parse/types.js';
import type { PreviousState, SelectionContext } from '../types.js';

/**
 * The 'shop' project used by the selection tests (plus one model from an
 * installed package). Lineage:
 *
 *   raw.customers ─▶ stg_customers ─▶ customers ─▶ dim_customers ─▶ fact_sales ─▶ agg_daily_sales ─▶ sales_report
 *   raw.orders ────▶ stg_orders ────▶ customers, orders ──────────────▶ fact_sales
 *   payment_methods ─▶ stg_payments ─▶ orders          country_codes ─▶ customers
 *   stg_customers ─▶ customers_snapshot, campaigns (marketing_pkg)
 */

interface Spec {
  deps?: string[];
  tags?: string[];
  materialized?: string;
  config?: Record<string, unknown>;
  fqn?: string[];
  packageName?: string;
  sourceName?: string;
  patchPath?: string;
  description?: string;
  test?: string; // generic test name (testMetadata)
}

/** A node as the parser makes it, with only what selection looks at. */
export function node(uniqueId: string, file: string, spec: Spec = {}): ProjectNode {
  const [type, pkg = 'shop', ...rest] = uniqueId.split('.') as [ResourceType, string, ...string[]];
  const name = rest[rest.length - 1]!;
  const packageName = spec.packageName ?? pkg;
  const dirs = file.split('/').slice(1, -1);
  // As dbt builds them: [package, ...folders under the resource folder, (source,) name].
  const fqn = spec.fqn ?? [packageName, ...dirs, ...(type === 'source' ? [spec.sourceName!] : []), name];
  const config: NodeConfig = {
    enabled: true,
    materialized: spec.materialized ?? (type === 'test' ? 'test' : type === 'seed' ? 'seed' : 'view'),
    tags: spec.tags ?? [],
    meta: {},
    pre_hook: [],
    post_hook: [],
    ...spec.config,
  };
  const result: ProjectNode = {
    uniqueId,
    resourceType: type,
    name,
    packageName,
    path: file.split('/').slice(1).join('/'),
    originalFilePath: file,
    fqn,
    rawCode: `-- ${name}`,
    checksum: `sha-${name}`,
    config,
    refs: [],
    sources: [],
    dependsOn: { nodes: spec.deps ?? [], macros: [] },
    description: spec.description ?? '',
    columns: {},
    location: { file },
  };
  if (spec.patchPath) result.patchPath = spec.patchPath;
  if (spec.sourceName) result.sourceName = spec.sourceName;
  if (spec.test) {
    result.testMetadata = { name: spec.test, kwargs: {} };
    result.attachedNode = spec.deps?.[0];
  }
  return result;
}

const S = 'models/staging/schema.yml';
export const NODES: ProjectNode[] = [
  node('source.shop.raw.customers', 'models/staging/sources.yml', {
    sourceName: 'raw',
    tags: ['raw', 'pii'],
    materialized: '',
  }),
  node('source.shop.raw.orders', 'models/staging/sources.yml', { sourceName: 'raw', tags: ['raw'], materialized: '' }),
  node('seed.shop.country_codes', 'seeds/country_codes.csv', { tags: ['lookup'] }),
  node('seed.shop.payment_methods', 'seeds/payment_methods.csv', { tags: ['lookup'] }),
  node('model.shop.stg_customers', 'models/staging/stg_customers.sql', {
    deps: ['source.shop.raw.customers'],
    tags: ['staging', 'nightly'],
    patchPath: `shop://${S}`,
  }),
  node('model.shop.stg_orders', 'models/staging/stg_orders.sql', {
    deps: ['source.shop.raw.orders'],
    tags: ['staging', 'nightly_orders'],
    patchPath: `shop://${S}`,
  }),
  node('model.shop.stg_payments', 'models/staging/stg_payments.sql', {
    deps: ['seed.shop.payment_methods'],
    tags: ['staging'],
    materialized: 'ephemeral',
  }),
  node('model.shop.customers', 'models/production/customers.sql', {
    deps: ['model.shop.stg_customers', 'model.shop.stg_orders', 'seed.shop.country_codes'],
    tags: ['pii'],
    materialized: 'table',
    description: 'One row per customer',
    config: { meta: { owner: 'crm' }, persist_docs: { relation: true } },
  }),
  node('model.shop.orders', 'models/production/orders.sql', {
    deps: ['model.shop.stg_orders', 'model.shop.stg_payments'],
    materialized: 'incremental',
    config: { unique_key: 'order_id' },
  }),
  node('model.shop.dim_customers', 'models/warehouse/dim_customers.sql', {
    deps: ['model.shop.customers'],
    tags: ['finance'],
    materialized: 'table',
    description: 'Customer dimension',
    config: { meta: { owner: 'analytics' }, contract: { enforced: true } },
  }),
  node('model.shop.fact_sales', 'models/warehouse/fact_sales.sql', {
    deps: ['model.shop.orders', 'model.shop.dim_customers'],
    tags: ['finance', 'nightly'],
    materialized: 'incremental',
    config: { full_refresh: false },
  }),
  node('model.shop.agg_daily_sales', 'models/warehouse/agg_daily_sales.sql', {
    deps: ['model.shop.fact_sales'],
    tags: ['finance'],
    materialized: 'table',
    config: { schema: 'reporting' },
  }),
  node('snapshot.shop.customers_snapshot', 'snapshots/customers_snapshot.sql', {
    deps: ['model.shop.stg_customers'],
    materialized: 'snapshot',
    config: { strategy: 'timestamp' },
  }),
  node('analysis.shop.sales_report', 'analyses/sales_report.sql', { deps: ['model.shop.agg_daily_sales'] }),
  node('model.marketing_pkg.campaigns', 'models/campaigns.sql', {
    deps: ['model.shop.stg_customers'],
    tags: ['marketing'],
  }),
  node('test.shop.not_null_stg_customers_id', S, { deps: ['model.shop.stg_customers'], test: 'not_null' }),
  node('test.shop.unique_stg_customers_id', S, {
    deps: ['model.shop.stg_customers'],
    test: 'unique',
    config: { severity: 'warn' },
  }),
  node('test.shop.not_null_orders_id', 'models/production/schema.yml', {
    deps: ['model.shop.orders'],
    test: 'not_null',
  }),
  node('test.shop.relationships_orders_customers', 'models/production/schema.yml', {
    deps: ['model.shop.orders', 'model.shop.customers'],
    test: 'relationships',
  }),
  node('test.shop.accepted_values_fact_sales_status', 'models/warehouse/schema.yml', {
    deps: ['model.shop.fact_sales'],
    test: 'accepted_values',
    tags: ['finance'],
    config: { severity: 'WARN' },
  }),
  node('test.shop.assert_positive_sales', 'tests/assert_positive_sales.sql', {
    deps: ['model.shop.fact_sales', 'model.shop.dim_customers'],
  }),
  node('test.shop.source_not_null_raw_customers_id', 'models/staging/sources.yml', {
    deps: ['source.shop.raw.customers'],
    test: 'not_null',
  }),
];

export const GRAPH: Graph = buildGraph(NODES);

/** A readable label: the node's name, or source.table for sources. */
export function label(id: string): string {
  const n = GRAPH.nodes.get(id)!;
  return n.resourceType === 'source' ? `${n.sourceName}.${n.name}` : n.name;
}

export const ALL: string[] = NODES.map((n) => label(n.uniqueId));
export const ALL_TESTS: string[] = NODES.filter((n) => n.resourceType === 'test').map((n) => n.name);

export function labels(ids: Iterable<string>): string[] {
  return [...ids].map(label).sort();
}

/** Compares a selection with the expected names, order-insensitive. */
export function expectNames(ids: Iterable<string>, expected: readonly string[]): void {
  expect(labels(ids)).toEqual([...expected].sort());
}

/**
 * An earlier manifest: stg_orders' SQL changed, orders was a table, agg_daily_sales
 * had no custom schema, customers' persisted description changed, dim_customers'
 * (not persisted) description changed; campaigns and sales_report are new;
 * old_model was deleted since. Configs went through JSON (undefined keys dropped),
 * stg_customers' keys are in another order.
 */
export function previousState(): PreviousState {
  const nodes = new Map<string, { checksum: string; config: Record<string, unknown>; description?: string }>();
  for (const n of NODES) {
    if (n.name === 'campaigns' || n.name === 'sales_report') continue;
    const config = JSON.parse(JSON.stringify(n.config)) as Record<string, unknown>;
    nodes.set(n.uniqueId, { checksum: n.checksum, config, description: n.description });
  }
  const patch = (
    id: string,
    f: (p: { checksum: string; config: Record<string, unknown>; description?: string }) => void,
  ) => f(nodes.get(id)!);
  patch('model.shop.stg_orders', (p) => (p.checksum = 'sha-old'));
  patch('model.shop.orders', (p) => (p.config['materialized'] = 'table'));
  patch('model.shop.agg_daily_sales', (p) => delete p.config['schema']);
  patch('model.shop.customers', (p) => (p.description = 'Customers'));
  patch('model.shop.dim_customers', (p) => (p.description = 'Old text'));
  patch('model.shop.stg_customers', (p) => (p.config = Object.fromEntries(Object.entries(p.config).reverse())));
  nodes.set('model.shop.old_model', { checksum: 'x', config: {} });
  return { nodes };
}

/** An earlier run_results.json. */
export const PREVIOUS_RESULTS: ReadonlyMap<string, string> = new Map([
  ['model.shop.stg_customers', 'success'],
  ['model.shop.customers', 'success'],
  ['model.shop.stg_orders', 'error'],
  ['model.shop.orders', 'skipped'],
  ['model.shop.fact_sales', 'skipped'],
  ['test.shop.not_null_orders_id', 'fail'],
  ['test.shop.accepted_values_fact_sales_status', 'warn'],
  ['model.shop.old_model', 'error'],
]);

export function context(extra: Partial<SelectionContext> = {}): SelectionContext {
  return { graph: GRAPH, ...extra };
}
