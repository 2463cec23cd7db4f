import { describe, expect, it } from 'vitest';
import { buildGraph, topologicalOrder } from '../graph/index.js';
import type { ProjectNode, ResourceType } from '../parse/index.js';
import { placeTests, testGates } from './test-order.js';

function node(id: string, deps: string[] = []): ProjectNode {
  const [type, , name] = id.split('.') as [ResourceType, string, string];
  return {
    uniqueId: id,
    resourceType: type,
    name,
    packageName: 'shop',
    path: `${name}.sql`,
    originalFilePath: `models/${name}.sql`,
    fqn: ['shop', name],
    rawCode: '',
    checksum: '',
    config: { enabled: true, materialized: type, tags: [], meta: {}, pre_hook: [], post_hook: [] },
    refs: [],
    sources: [],
    dependsOn: { nodes: deps, macros: [] },
    description: '',
    columns: {},
    location: { file: `models/${name}.sql` },
  };
}

// customers ─▶ orders ─▶ revenue; a relationships test reads orders and customers.
const graph = buildGraph([
  node('model.shop.customers'),
  node('model.shop.orders', ['model.shop.customers']),
  node('model.shop.revenue', ['model.shop.orders']),
  node('model.shop.other'),
  node('test.shop.not_null_customers_id', ['model.shop.customers']),
  node('test.shop.unique_orders_id', ['model.shop.orders']),
  node('test.shop.relationships_orders_customer', ['model.shop.orders', 'model.shop.customers']),
]);
const order = topologicalOrder(graph);

describe('testGates', () => {
  it("makes a node wait for its parents' tests", () => {
    const gates = testGates(graph, order);
    expect([...(gates.get('model.shop.orders') ?? [])]).toEqual(['test.shop.not_null_customers_id']);
    expect([...(gates.get('model.shop.revenue') ?? [])].sort()).toEqual([
      'test.shop.relationships_orders_customer',
      'test.shop.unique_orders_id',
    ]);
    expect(gates.has('model.shop.other')).toBe(false);
  });

  it('a test with several parents gates only nodes downstream of all of them (no cycle)', () => {
    // orders is a child of customers, but the relationships test also reads orders: it must not gate orders.
    expect(testGates(graph, order).get('model.shop.orders')?.has('test.shop.relationships_orders_customer')).toBe(
      false,
    );
  });

  it('ignores nodes outside the run', () => {
    const only = order.filter((id) => id !== 'model.shop.revenue');
    expect(testGates(graph, only).has('model.shop.revenue')).toBe(false);
  });
});

describe('placeTests', () => {
  it('puts each test right after the last of its parents', () => {
    expect(placeTests(graph, order)).toEqual([
      'model.shop.customers',
      'test.shop.not_null_customers_id',
      'model.shop.orders',
      'test.shop.relationships_orders_customer',
      'test.shop.unique_orders_id',
      'model.shop.other',
      'model.shop.revenue',
    ]);
  });

  it('tests whose parents are not in the run come first, in their order', () => {
    const tests = order.filter((id) => id.startsWith('test.'));
    expect(placeTests(graph, tests)).toEqual(tests);
  });
});
