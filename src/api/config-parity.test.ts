import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import type { TsmodelErrors } from '../errors/index.js';
import { MemorySink } from '../events/index.js';
import { databaseProject } from './test-support/database-project.js';
import { compile } from './compile.js';
import { docsGenerate } from './docs.js';
import { ls } from './ls.js';
import { run, seed } from './run.js';

const FILES: Record<string, string> = {
  'project.yml': 'name: shop\nseeds:\n  shop:\n    +full_refresh: false\n',
  'seeds/codes.csv': 'code,label\n1,one\n',
  'models/events.sql': `{{ config(materialized='incremental', full_refresh=false) }}
select * from (values {{ var('rows', "(0, 'none')") }}) as v(id, batch)
{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}`,
  'models/helper.sql': "{{ config(docs={'show': false}) }}\nselect 1 as x",
  'models/report.sql': "select x from {{ ref('helper') }}",
  'models/schema.yml': `version: 2
models:
  - name: report
    description: The report
    meta: {owner: finance}
    config:
      meta: {tier: 1}
`,
};

describeEachDatabase('config parity on %s', (kind) => {
  const { db, project } = databaseProject(kind, FILES);
  const opts = () => ({
    projectDir: project.dir,
    targetConfig: db.target,
    adapter: db.adapter(),
    events: new MemorySink(),
  });
  const q = async (sql: string) => (await db.adapter().query(sql)).rows;

  it('full_refresh: false keeps an incremental model incremental under --full-refresh, as dbt', async () => {
    await run({ ...opts(), select: ['events'], vars: { rows: "(1, 'first')" } });
    const again = await run({
      ...opts(),
      select: ['events'],
      fullRefresh: true,
      vars: { rows: "(1, 'second'), (2, 'second')" },
    });
    expect(again.results.map((r) => [r.node.name, r.status, r.message])).toEqual([
      ['events', 'success', 'inserted into'],
    ]);
    // Rebuilt, it would hold two 'second' rows; kept, the first row survives and only id 2 is added.
    expect(await q('select id, batch from main.events order by id')).toEqual([
      { id: 1, batch: 'first' },
      { id: 2, batch: 'second' },
    ]);
  });

  it('full_refresh: false on a seed: --full-refresh reloads it in place, and a changed header is an error saying why', async () => {
    await seed(opts());
    const again = await seed({ ...opts(), fullRefresh: true });
    expect(again.results.map((r) => [r.node.name, r.status, r.message])).toEqual([['codes', 'success', 'reloaded']]);
    project.write('seeds/codes.csv', 'code,label,extra\n1,one,x\n');
    const changed = await seed({ ...opts(), fullRefresh: true });
    expect(changed.results[0]!.status).toBe('error');
    expect(changed.results[0]!.error?.hint).toMatch(/full_refresh: false, so --full-refresh does not rebuild it/);
    expect(await q('select code, label from main.codes')).toEqual([{ code: 1, label: 'one' }]);
  });

  it('meta (top-level and config) is in manifest.json; docs: {show: false} keeps a node out of the docs site', async () => {
    compile({ projectDir: project.dir, targetConfig: db.target });
    const manifest = JSON.parse(readFileSync(join(project.dir, 'target', 'manifest.json'), 'utf8')) as {
      nodes: Record<string, { meta: unknown; config: { meta: unknown } }>;
    };
    expect(manifest.nodes['model.shop.report']!.meta).toEqual({ owner: 'finance', tier: 1 });
    expect(manifest.nodes['model.shop.report']!.config.meta).toEqual({ owner: 'finance', tier: 1 });
    const docs = await docsGenerate({ projectDir: project.dir, targetConfig: db.target, events: new MemorySink() });
    const ids = docs.data.nodes.map((n) => n.id);
    expect(ids).toContain('model.shop.report');
    expect(ids).not.toContain('model.shop.helper');
    expect(docs.data.nodes.find((n) => n.id === 'model.shop.report')!.parents).toEqual([]);
    expect(docs.data.layout.nodes.map((n) => n.id)).not.toContain('model.shop.helper');
  });

  it('a disabled node referenced by an enabled one is an error naming both', () => {
    project.write('models/helper.sql', '{{ config(enabled=false) }}\nselect 1 as x');
    let problems: string[] = [];
    try {
      ls({ projectDir: project.dir, targetConfig: db.target });
    } catch (err) {
      problems = (err as TsmodelErrors).errors.map((e) => `${e.location?.file}:${e.location?.line} ${e.message}`);
    }
    expect(problems).toEqual(["models/report.sql:1 model 'report' depends on 'helper', which is disabled"]);
  });
});
