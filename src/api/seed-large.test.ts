import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeEachDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from './test-support/project-fixture.js';
import { seed } from './run.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Seeds of several MB: read in 1 MB pieces (on PostgreSQL through one reused buffer, adapters/copy-pull.ts), so
 * records, quoted newlines and the BOM cross the pieces' edges; a bad value far into the file names its line.
 */
const ROWS = 60_000;

function bigCsv(bad?: number): string {
  const lines = ['\ufeffid,note,amount'];
  for (let i = 1; i <= ROWS; i++) {
    const note =
      i % 1000 === 0 ? `"line one\nline ""two"", ${i}"` : i % 7 === 0 ? '' : `note number ${i} ${'x'.repeat(20)}`;
    lines.push(`${i},${note},${i === bad ? 'not a number' : i % 5 === 0 ? '' : `${i}.25`}`);
  }
  return `${lines.join('\n')}\n`;
}

describeEachDatabase('seeds of several MB on %s', (kind) => {
  let db: TestDatabase;
  let project: ProjectFixture;
  const q = async (sql: string) => (await db.adapter().query(sql)).rows;
  const load = () => seed({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() });
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    project = projectFixture({
      'project.yml': 'name: shop\nseeds:\n  shop:\n    big:\n      +column_types: {amount: numeric}\n',
      'seeds/big.csv': bigCsv(),
    });
  });
  afterAll(async () => {
    await db.dispose();
    project.dispose();
  });
  const table = () =>
    q(`select count(*)::int as n, sum(id)::text as ids, count(*) filter (where note like 'line one%')::int as quoted,
  (select note from main.big where id = 59000) as note, sum(amount)::text as amount from main.big`);

  it('loads every record, quoted newlines and NULLs across the 1 MB pieces', async () => {
    expect(Buffer.byteLength(bigCsv())).toBeGreaterThan(2 * 1024 * 1024);
    const summary = await load();
    expect(summary.success).toBe(true);
    const r = summary.results[0]!;
    expect(r.rowsAffected).toBe(ROWS);
    // NULLs counted as the file streamed: empty notes (every 7th, not the quoted ones) and amounts (every 5th).
    const emptyNotes = Math.floor(ROWS / 7) - Math.floor(ROWS / 7000);
    const results = JSON.parse(readFileSync(join(project.dir, 'target/run_results.json'), 'utf8'));
    expect(results.results[0].adapter_response.tsmodel.monitoring).toEqual({
      rows_loaded: ROWS,
      null_counts: { id: 0, note: emptyNotes, amount: ROWS / 5 },
    });
    const amounts = (ROWS * (ROWS + 1)) / 2 - (5 * (ROWS / 5) * (ROWS / 5 + 1)) / 2 + 0.25 * (ROWS - ROWS / 5);
    expect(await table()).toEqual([
      {
        n: ROWS,
        ids: String((ROWS * (ROWS + 1)) / 2),
        quoted: ROWS / 1000,
        note: 'line one\nline "two", 59000',
        amount: amounts.toFixed(2),
      },
    ]);
  });

  it('names the line of a bad value far into the file, keeps the table, and loads again after', async () => {
    const before = await table();
    project.write('seeds/big.csv', bigCsv(55_555));
    const failed = await load();
    expect(failed.success).toBe(false);
    // Line 1 is the header; record 55,555 is on line 55,556 plus the quoted newlines before it (one per 1,000).
    expect(failed.results[0]!.error?.message).toMatch(/^seeds\/big\.csv:55611: invalid input syntax for type numeric/);
    expect(await table()).toEqual(before);
    project.write('seeds/big.csv', bigCsv());
    expect((await load()).success).toBe(true);
    expect(await table()).toEqual(before);
  });
});
