import { describe, expect, it } from 'vitest';
import { readDeferred } from './deferred.js';

describe('readDeferred: the parents a --defer run read from the state', () => {
  it("reads each node's defer_relation as schema.name, database-qualified when it names another database", () => {
    const manifest = {
      nodes: {
        'model.shop.stg': {
          database: 'dev_db',
          defer_relation: { database: 'dev_db', schema: 'prod', alias: 'stg_orders', name: 'stg' },
        },
        'model.shop.other_db': { database: 'dev_db', defer_relation: { database: 'prod_db', schema: 'p', alias: 'x' } },
        'model.shop.by_name': { defer_relation: { schema: 'prod', name: 'by_name' } },
        'model.shop.built': { database: 'dev_db' },
      },
    };
    expect([...readDeferred(manifest)]).toEqual([
      ['model.shop.stg', 'prod.stg_orders'],
      ['model.shop.other_db', 'prod_db.p.x'],
      ['model.shop.by_name', 'prod.by_name'],
    ]);
  });

  it('tolerates a missing, foreign or partial manifest', () => {
    expect(readDeferred(undefined).size).toBe(0);
    expect(readDeferred([1, 2]).size).toBe(0);
    expect(readDeferred({ nodes: [] }).size).toBe(0);
    expect(
      readDeferred({ nodes: { a: null, b: { defer_relation: { schema: 's' } }, c: { defer_relation: 'x' } } }).size,
    ).toBe(0);
  });
});
