/**
 * Incremental models through run(), on PGlite and PostgreSQL: the three
 * strategies (single and composite keys), is_incremental() with {{ this }},
 * --full-refresh, and every on_schema_change mode. Each run's new rows come
 * from a var spliced into a VALUES list.
 */
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { materializationFixture } from './test-support/materialization-fixture.js';
import type { RunOptions } from './run.js';

describeEachDatabase('incremental models on %s', (kind) => {
  const { project, build, rows, columnsOf } = materializationFixture(kind);
  /** Runs the project with `vars` and expects the one model to succeed with `message`. */
  async function runOk(vars: Record<string, unknown>, message: string, opts: RunOptions = {}): Promise<void> {
    const summary = await build({ vars, ...opts });
    expect(summary.results.map((r) => [r.node.name, r.status, r.error?.message])).toEqual([
      ['inc', 'success', undefined],
    ]);
    expect(summary.results[0]!.message).toBe(message);
  }

  it('append adds every new row (no unique_key)', async () => {
    project.write(
      'models/inc.sql',
      `{{ config(materialized='incremental') }}\nselect * from (values {{ var('rows') }}) as v(id, name)`,
    );
    await runOk({ rows: `(1, 'a'), (2, 'b')` }, 'created table');
    await runOk({ rows: `(2, 'B'), (3, 'c')` }, 'inserted into');
    expect(await rows('select id, name from main.inc order by id, name')).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'B' },
      { id: 2, name: 'b' },
      { id: 3, name: 'c' },
    ]);
  });

  it.each([
    ['merge', 'merged into'],
    ['delete+insert', 'inserted into'],
  ])('%s replaces rows matching unique_key', async (strategy, verb) => {
    project.write(
      'models/inc.sql',
      `{{ config(materialized='incremental', incremental_strategy='${strategy}', unique_key='id') }}\n` +
        `select * from (values {{ var('rows') }}) as v(id, name)`,
    );
    await runOk({ rows: `(1, 'a'), (2, 'b')` }, 'created table');
    await runOk({ rows: `(2, 'B'), (3, 'c')` }, verb);
    expect(await rows('select id, name from main.inc order by id')).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'B' },
      { id: 3, name: 'c' },
    ]);
  });

  it.each(['merge', 'delete+insert'])('%s matches on a unique_key of two columns', async (strategy) => {
    project.write(
      'models/inc.sql',
      `{{ config(materialized='incremental', incremental_strategy='${strategy}', unique_key=['k1', ` +
        `'k2']) }}\nselect * from (values {{ var('rows') }}) as v(k1, k2, val)`,
    );
    await runOk({ rows: `(1, 1, 'x'), (1, 2, 'y'), (2, 2, 'w')` }, 'created table');
    await runOk({ rows: `(1, 2, 'Y'), (2, 1, 'z')` }, strategy === 'merge' ? 'merged into' : 'inserted into');
    expect(await rows('select k1, k2, val from main.inc order by k1, k2')).toEqual([
      { k1: 1, k2: 1, val: 'x' },
      { k1: 1, k2: 2, val: 'Y' },
      { k1: 2, k2: 1, val: 'z' },
      { k1: 2, k2: 2, val: 'w' },
    ]);
  });

  it('filters with is_incremental() and {{ this }}, and rebuilds on a full refresh', async () => {
    project.write(
      'models/inc.sql',
      `{{ config(materialized='incremental') }}
select * from (values {{ var('rows') }}) as v(id, name)
{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}`,
    );
    await runOk({ rows: `(1, 'a'), (2, 'b')` }, 'created table');
    await runOk({ rows: `(1, 'a'), (2, 'b'), (3, 'c')` }, 'inserted into');
    expect(await rows('select id from main.inc order by id')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    const summary = await build({ vars: { rows: `(1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')` }, select: ['inc'] });
    expect(summary.results[0]!.rowsAffected).toBe(1);

    await runOk({ rows: `(7, 'z'), (8, 'y')` }, 'created table', { fullRefresh: true });
    expect(await rows('select id, name from main.inc order by id')).toEqual([
      { id: 7, name: 'z' },
      { id: 8, name: 'y' },
    ]);
  });

  describe('on_schema_change', () => {
    const model = (mode: string, select: string) =>
      `{{ config(materialized='incremental', on_schema_change='${mode}') }}\n${select}`;

    it('ignore: a new column is not added', async () => {
      project.write('models/inc.sql', model('ignore', `select 1 as id`));
      await runOk({}, 'created table');
      project.write('models/inc.sql', model('ignore', `select 2 as id, 'x'::text as extra`));
      await runOk({}, 'inserted into');
      expect(await columnsOf('main.inc')).toEqual(['id']);
      expect(await rows('select id from main.inc order by id')).toEqual([{ id: 1 }, { id: 2 }]);
    });

    it('append_new_columns: a new column is added, NULL in old rows', async () => {
      project.write('models/inc.sql', model('append_new_columns', `select 1 as id`));
      await runOk({}, 'created table');
      project.write('models/inc.sql', model('append_new_columns', `select 2 as id, 'x'::text as extra`));
      await runOk({}, 'inserted into');
      expect(await columnsOf('main.inc')).toEqual(['id', 'extra']);
      expect(await rows('select id, extra from main.inc order by id')).toEqual([
        { id: 1, extra: null },
        { id: 2, extra: 'x' },
      ]);
    });

    it('sync_all_columns: a dropped column goes, a new one comes, a changed type follows', async () => {
      project.write('models/inc.sql', model('sync_all_columns', `select 1 as id, 'a'::text as gone, 1 as amount`));
      await runOk({}, 'created table');
      project.write(
        'models/inc.sql',
        model('sync_all_columns', `select 2 as id, 'n'::text as added, 2.5::numeric as amount`),
      );
      await runOk({}, 'inserted into');
      expect(await columnsOf('main.inc')).toEqual(['id', 'amount', 'added']);
      expect(
        await rows(
          `select format_type(atttypid, atttypmod) as t from pg_attribute where attrelid = 'main.inc'::regclass and attname = 'amount'`,
        ),
      ).toEqual([{ t: 'numeric' }]);
      expect(await rows('select id, amount::text as amount, added from main.inc order by id')).toEqual([
        { id: 1, amount: '1', added: null },
        { id: 2, amount: '2.5', added: 'n' },
      ]);
    });

    it('fail: the node errors listing the columns, and the table is unchanged', async () => {
      project.write('models/inc.sql', model('fail', `select 1 as id, 'a'::text as gone`));
      await runOk({}, 'created table');
      project.write('models/inc.sql', model('fail', `select 2 as id, 'x'::text as extra`));
      const summary = await build();
      const result = summary.results[0]!;
      expect(result.status).toBe('error');
      expect(result.message).toContain('new columns: extra');
      expect(result.message).toContain('missing columns: gone');
      expect(result.message).toContain("on_schema_change is 'fail'");
      expect(await columnsOf('main.inc')).toEqual(['id', 'gone']);
      expect(await rows('select id, gone from main.inc')).toEqual([{ id: 1, gone: 'a' }]);
    });
  });
});
