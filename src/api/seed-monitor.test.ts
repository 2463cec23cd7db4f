import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { countRoundTrips } from '../adapters/round-trips.js';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from './test-support/project-fixture.js';
import { seed } from './run.js';

// Seeds' monitoring (rows loaded, NULLs per column) is counted while the file streams into COPY: these files
// hold what COPY reads subtly (quoted empties, escaped quotes, newlines in quotes, CRLF, a NULL string, a quote
// mid-field, an end-of-data line), and every figure must equal what the loaded table says.
const SEEDS: Record<string, string> = {
  'seeds/mixed.csv': 'id,a,b,c\r\n1,,"",x\r\n2,"multi\r\nline",,""""\r\n3,q"r",s,\r\n4,"",,\r\n',
  'seeds/na.csv': 'id,v,w\n1,NA,"NA"\n2,NAN,\n3, NA,NA\n4,NA,NA',
  'seeds/semi.csv': "1;'';\n2;'a;b';\n3;;z\n",
  'seeds/blank.csv': 'only\n1\n\n2\n',
  // PostgreSQL 15 reads `\.` from STDIN as the end of the data (1 row); PGlite's 18 reads it as a value (3 rows).
  'seeds/marker.csv': 't\n1\n\\.\n\n',
};

const PROJECT = `name: shop
seeds:
  shop:
    na: {+null: NA, +column_types: {v: text, w: text}}
    semi: {+delimiter: ';', +quote: "'", +header: false, +column_names: [id, t, u]}
    marker: {+column_types: {t: text}}
`;

describeEachDatabase('seed monitoring counted while streaming on %s', (kind) => {
  let db: TestDatabase;
  let project: ProjectFixture;
  const q = async (sql: string) => (await db.adapter().query(sql)).rows;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    project = projectFixture({ 'project.yml': PROJECT, ...SEEDS });
  });
  afterAll(async () => {
    await db.dispose();
    project.dispose();
  });

  /** The figures as the loaded table has them: rows, and count(*) - count(column) for each CSV column. */
  async function fromTable(table: string): Promise<{ rows_loaded: number; null_counts: Record<string, number> }> {
    const cols = await q(
      `select column_name::text as c from information_schema.columns where table_schema = 'main'
       and table_name = '${table}' and column_name <> 'loaded_at' order by ordinal_position`,
    );
    const names = cols.map((r) => String(r.c));
    const parts = names.map((c, i) => `count(*) - count("${c}") as n${i}`).join(', ');
    const row = (await q(`select count(*) as n, ${parts} from main.${table}`))[0]!;
    return {
      rows_loaded: Number(row.n),
      null_counts: Object.fromEntries(names.map((c, i) => [c, Number(row[`n${i}`])])),
    };
  }

  it('reports exactly what the loaded tables hold, on a first load and on a reload', async () => {
    for (const pass of ['first load', 'reload']) {
      const counted = countRoundTrips(db.adapter());
      const summary = await seed({ projectDir: project.dir, targetConfig: db.target, adapter: counted.adapter });
      expect(
        summary.results.map((r) => `${r.node.name} ${r.status} ${r.message}`),
        pass,
      ).toEqual([
        `blank success ${pass === 'first load' ? 'loaded' : 'reloaded'}`,
        `marker success ${pass === 'first load' ? 'loaded' : 'reloaded'}`,
        `mixed success ${pass === 'first load' ? 'loaded' : 'reloaded'}`,
        `na success ${pass === 'first load' ? 'loaded' : 'reloaded'}`,
        `semi success ${pass === 'first load' ? 'loaded' : 'reloaded'}`,
      ]);
      const results = JSON.parse(readFileSync(join(project.dir, 'target/run_results.json'), 'utf8')) as {
        results: { unique_id: string; adapter_response: { tsmodel: { monitoring: unknown } } }[];
      };
      const log = readFileSync(join(project.dir, 'logs/pipeline.log'), 'utf8');
      for (const r of results.results) {
        const table = r.unique_id.replace('seed.shop.', '');
        const expected = await fromTable(table);
        expect(r.adapter_response.tsmodel.monitoring, `${pass}: ${table}`).toEqual(expected);
        const withNulls = Object.entries(expected.null_counts).filter(([, n]) => n > 0);
        const line = `main.${table}: ${expected.rows_loaded} rows loaded; NULLs per column: ${
          withNulls.map(([c, n]) => `${c} ${n}`).join(', ') || 'none'
        }`;
        expect(log, pass).toContain(line);
      }
      // No catalog query per seed (the run's snapshot has the relations).
      expect(counted.log().filter((s) => /pg_attribute/.test(s))).toEqual([]);
    }
    expect(await fromTable('mixed')).toEqual({ rows_loaded: 4, null_counts: { id: 0, a: 1, b: 2, c: 2 } });
    expect(await fromTable('na')).toEqual({ rows_loaded: 4, null_counts: { id: 0, v: 2, w: 2 } });
    expect(await fromTable('semi')).toEqual({ rows_loaded: 3, null_counts: { id: 0, t: 1, u: 2 } });
    expect(await fromTable('blank')).toEqual({ rows_loaded: 3, null_counts: { only: 1 } });
  });
});
