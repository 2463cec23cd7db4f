import { afterAll, beforeAll, expect, it } from 'vitest';
import { catalogStatements, readCatalog } from './catalog.js';
import { describeEachDatabase, createTestDatabase } from './test-support/test-databases.js';
import type { TestDatabase } from './test-support/test-databases.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

/** Every plan node of an EXPLAIN (FORMAT JSON) plan, InitPlans and CTEs included. */
function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

describeEachDatabase('the run catalog snapshot, on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    const a = db.adapter();
    await a.query('create schema cat_full');
    await a.query('create schema cat_other');
    await a.query('create schema cat_empty');
    await a.query('create table cat_full.base (id int primary key, note text not null)');
    await a.query('create view cat_full.v1 as select id from cat_full.base');
    await a.query('create view cat_other.v2 as select id from cat_full.v1');
    await a.query('create table cat_other.child (base_id int references cat_full.base (id))');
  });
  afterAll(() => db.dispose());

  it('reads relations, dependents (transitively, across schemas) and foreign keys of populated schemas', async () => {
    const snapshot = await readCatalog(db.adapter(), ['cat_full']);
    expect([...snapshot.relations.keys()].sort()).toEqual(['cat_full.base', 'cat_full.v1']);
    expect(snapshot.relations.get('cat_full.base')!.columns.map((c) => [c.name, c.notNull])).toEqual([
      ['id', true],
      ['note', true],
    ]);
    const deps = snapshot.dependentsOf({ schema: 'cat_full', identifier: 'base' } as never);
    expect(deps.views.map((v) => [`${v.schema}.${v.name}`, v.depth])).toEqual([
      ['cat_full.v1', 1],
      ['cat_other.v2', 2],
    ]);
    expect(deps.foreignKeys.map((f) => `${f.schema}.${f.table}`)).toEqual(['cat_other.child']);
  });

  it('reads nothing from an empty schema, without scanning pg_depend or pg_constraint (a first build)', async () => {
    const snapshot = await readCatalog(db.adapter(), ['cat_empty']);
    expect(snapshot.relations.size).toBe(0);
    const [, , searchPath, edges, fks] = catalogStatements(['cat_empty']);
    const scanned = await db.adapter().transaction(async (conn) => {
      await conn.query(searchPath!);
      const out: string[] = [];
      for (const sql of [edges!, fks!]) {
        const r = await conn.query(`explain (analyze, format json) ${sql}`);
        const json = r.rows[0]!['QUERY PLAN'];
        const [{ Plan }] = (typeof json === 'string' ? JSON.parse(json) : json) as [{ Plan: PlanNode }];
        for (const n of planNodes(Plan))
          if ((n['Actual Loops'] ?? 0) > 0 && n['Relation Name']) out.push(n['Relation Name']);
      }
      return out;
    });
    expect(scanned).not.toContain('pg_depend');
    expect(scanned).not.toContain('pg_constraint');
  });

  it('runs its queries without JIT, whatever the session would otherwise compile', async () => {
    const [jitOff, relations] = catalogStatements(['cat_full']);
    const plan = await db.adapter().transaction(async (conn) => {
      await conn.query('set local jit_above_cost = 0');
      await conn.query(jitOff!);
      const r = await conn.query(`explain (analyze, format json) ${relations!}`);
      return JSON.stringify(r.rows[0]!['QUERY PLAN']);
    });
    expect(plan).not.toContain('"JIT"');
  });
});
