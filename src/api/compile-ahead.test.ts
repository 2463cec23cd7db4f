import { afterAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { MemorySink } from '../events/index.js';
import { databaseProject } from './test-support/database-project.js';
import { loadProject } from './load.js';
import { Compiler } from '../compile/index.js';
import { run } from './run.js';
import { projectFixture } from './test-support/project-fixture.js';

// reader follows base in the order, so it is compiled while base's statements run (schedule.ts, compileAhead);
// its template reads base, which is not built (first run) or not yet rebuilt (second run) at that moment.
const FILES: Record<string, string> = {
  'project.yml': 'name: shop\n',
  'models/base.sql': "{{ config(materialized='table') }}\nselect {{ var('v', 1) }} as id",
  'models/reader.sql': `{{ config(materialized='table') }}
-- depends_on: {{ ref('base') }}
{%- if execute %}{% set t = run_query('select max(id) as m from ' ~ ref('base')) %}
select {{ t.rows[0][0] }} as seen{% else %}select 0 as seen{% endif %}`,
  'models/plain.sql': "{{ config(materialized='view') }}\nselect id from {{ ref('base') }}",
};

// A hook that reads the database while it renders.
const HOOKED = `{{ config(post_hook="select {{ run_query('select 1 as one').rows[0][0] }}") }}
select id from {{ ref('base') }}`;

describe('Compiler.compileOffline: a model compiled ahead of its turn', () => {
  const fixture = projectFixture({ ...FILES, 'models/hooked.sql': HOOKED });
  afterAll(() => fixture.dispose());

  it('keeps what rendered without the database; a template that queries it sends nothing and is left', () => {
    const project = loadProject({ projectDir: fixture.dir });
    const sent: string[] = [];
    const database = {
      type: 'postgres',
      query: (sql: string) => (
        sent.push(sql),
        { fields: [{ name: 'm', dataTypeID: 23 }], rows: [[7]], command: 'SELECT', rowCount: 1 }
      ),
    };
    const compiler = new Compiler({
      graph: project.graph,
      parseEnv: project.parsed.parseEnv,
      fullRefresh: false,
      database,
      relationExists: () => false,
    });
    expect(compiler.compileOffline('model.shop.plain')).toBe(true);
    expect(compiler.compileOffline('model.shop.reader')).toBe(false);
    expect(compiler.compileOffline('model.shop.hooked')).toBe(false);
    expect(sent).toEqual([]);
    const plain = compiler.compile('model.shop.plain');
    expect(compiler.compile('model.shop.plain')).toBe(plain);
    expect(compiler.compile('model.shop.reader').compiledSql).toContain('select 7 as seen');
    expect(compiler.compile('model.shop.hooked').postHooks).toEqual(['select 7']);
    expect(sent).toEqual(['select max(id) as m from "main"."base"', 'select 1 as one']);
  });
});

describeEachDatabase('models compiled while the one before them runs, on %s', (kind) => {
  const { db, project } = databaseProject(kind, FILES);
  const go = (vars?: Record<string, unknown>) =>
    run({
      projectDir: project.dir,
      targetConfig: db.target,
      adapter: db.adapter(),
      threads: 1,
      vars,
      events: new MemorySink(),
    });
  const seen = async () => (await db.adapter().query('select seen from main.reader')).rows[0]!.seen;

  it('compiles a template that read the database again at its own turn, from what its parent wrote', async () => {
    const first = await go();
    expect(first.results.map((r) => [r.node.name, r.status])).toEqual([
      ['base', 'success'],
      ['plain', 'success'],
      ['reader', 'success'],
    ]);
    expect(await seen()).toBe(1);
    const again = await go({ v: 2 });
    expect(again.success).toBe(true);
    expect(await seen()).toBe(2);
    expect((await db.adapter().query('select id from main.plain')).rows).toEqual([{ id: 2 }]);
  });
});
