import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySink } from '../events/index.js';
import { loadColumnLineage } from './column-lineage.js';
import { compile, type CompileResult } from './compile.js';
import { offlineTarget, projectFixture, type ProjectFixture } from './test-support/project-fixture.js';

const target = offlineTarget;

const PROJECT = 'name: shop\nprofile: shop\nvars:\n  rate: 2\nmodels:\n  shop:\n    staging:\n      +schema: staging\n';

function files(): Record<string, string> {
  return {
    'project.yml': PROJECT,
    'macros/money.sql': '{% macro to_dollars(col) %}round({{ col }} / 100.0, 2){% endmacro %}\n',
    'models/staging/a.sql': "{{ config(materialized='table') }}\nselect 1 as id, 100 as cents\n",
    'models/b.sql': "select id, {{ to_dollars('cents') }} as d from {{ ref('a') }}\n",
    'models/c.sql': "select id * {{ var('rate') }} as r from {{ ref('a') }}\n",
    'models/d.sql': "select '{{ env_var('SHOP_REGION', 'eu') }}' as region\n",
    'models/e.sql': "select {{ util_money('id') }} as m from {{ ref('a') }}\n",
    'models/f.sql': "select '{{ invocation_id }}' as run\n",
    'models/schema.yml':
      'version: 2\nmodels:\n  - name: b\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
    'dbt_packages/util/dbt_project.yml': "name: util\nversion: '1.0.0'\n",
    'dbt_packages/util/macros/util.sql': '{% macro util_money(col) %}{{ col }} / 100{% endmacro %}\n',
    'dbt_packages/util/models/util_model.sql': "select {{ util_money('1') }} as one\n",
  };
}

const ALL = ['a', 'b', 'c', 'd', 'e', 'f', 'not_null_b_id', 'util_model'];
/** Compiled SQL by node, but f's (a new invocation id each time). */
const sqlOf = (r: CompileResult) =>
  Object.fromEntries(r.compiled.filter((c) => c.name !== 'f').map((c) => [c.uniqueId, c.sql]));
/** manifest.json without what differs between two invocations (its time, its id, in metadata and f's SQL). */
const manifestBody = (dir: string) =>
  readFileSync(join(dir, 'target/manifest.json'), 'utf8')
    .replace(/"generated_at": "[^"]*"/g, '')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID');

describe('compile reuse (target/compile_cache.json)', () => {
  let project: ProjectFixture;
  let env: Record<string, string> = {};
  const run = (vars?: Record<string, unknown>, partialParse = true) =>
    compile({ projectDir: project.dir, targetConfig: target, env, vars, partialParse });
  /** Compiles through target/, checks the SQL equals a compile from scratch, returns the names rendered. */
  const rendered = (vars?: Record<string, unknown>) => {
    const r = run(vars);
    expect(sqlOf(r)).toEqual(sqlOf(run(vars, false)));
    return r.reuse!.rendered.map((id) => id.split('.')[2]).sort();
  };

  beforeEach(() => {
    project = projectFixture(files());
    env = {};
    expect(rendered()).toEqual(ALL);
  });
  afterEach(() => project.dispose());

  it('renders nothing again while nothing changes, but what names invocation_id', () => {
    const again = run();
    expect(again.reuse!.rendered.map((id) => id.split('.')[2])).toEqual(['f']);
    expect(again.reuse!.reused).toBe(ALL.length - 1);
    // A third process reuses the same stored parse: the keys are taken as stored, the SQL the same.
    const third = run();
    expect(third.reuse).toEqual(again.reuse);
    expect(sqlOf(third)).toEqual(sqlOf(run(undefined, false)));
  });

  it('renders again exactly what a changed macro reaches', () => {
    project.write('macros/money.sql', '{% macro to_dollars(col) %}round({{ col }} / 100.0, 3){% endmacro %}\n');
    expect(rendered()).toEqual(['b', 'f']);
    project.write('dbt_packages/util/macros/util.sql', '{% macro util_money(col) %}{{ col }} / 10{% endmacro %}\n');
    expect(rendered()).toEqual(['e', 'f', 'util_model']);
  });

  it('renders again exactly what read a changed var or env var', () => {
    expect(rendered({ rate: 3 })).toEqual(['c', 'f']);
    expect(rendered({ rate: 3 })).toEqual(['f']);
    env = { SHOP_REGION: 'us' };
    expect(rendered({ rate: 3 })).toEqual(['d', 'f']);
  });

  it('renders again a model whose alias changed and every node that refs it, and all after a project change', () => {
    project.write(
      'models/staging/a.sql',
      "{{ config(materialized='table', alias='a2') }}\nselect 1 as id, 100 as cents\n",
    );
    expect(rendered()).toEqual(['a', 'b', 'c', 'e', 'f']);
    project.write('project.yml', PROJECT.replace('+schema: staging', '+schema: staged'));
    expect(rendered()).toEqual(ALL);
  });

  it('takes the keys as stored when the parse is the same one, still checking what the render read', () => {
    project.remove('models/f.sql'); // (a file naming invocation_id keeps the parse from being stored)
    project.write('models/g.sql', "select '{% if execute %}{{ env_var('SHOP_AT_RUN', 'x') }}{% endif %}' as v\n");
    expect(rendered()).toEqual(['g']);
    expect(rendered()).toEqual([]);
    expect(run().project.partialParse).toMatchObject({ how: 'reused', generation: expect.any(String) });
    env = { SHOP_AT_RUN: 'y' }; // read while compiling only: the parse is reused as it was
    expect(rendered()).toEqual(['g']);
    expect(run().compiled.find((c) => c.name === 'g')!.sql).toBe("select 'y' as v");
  });

  it('renders a model edited in place alone, and again when the edit is undone', () => {
    project.remove('models/f.sql');
    expect(rendered()).toEqual([]);
    const b = files()['models/b.sql']!;
    project.write('models/b.sql', `-- edited\n${b}`);
    const edited = run();
    expect(edited.project.partialParse).toMatchObject({ how: 'edited', editedFrom: expect.any(String) });
    expect(edited.reuse!.rendered).toEqual(['model.shop.b']);
    expect(edited.compiled.find((c) => c.name === 'b')!.sql).toMatch(/^-- edited\n/);
    expect(rendered()).toEqual([]);
    project.write('models/b.sql', b);
    expect(rendered()).toEqual(['b']);
    expect(rendered()).toEqual([]);
  });

  it('writes again a compiled file changed or removed since, and reads none that is as written', () => {
    const b = run().compiled.find((c) => c.name === 'b')!;
    const abs = join(project.dir, b.path);
    // Same size, same time as last seen: taken as it is (not read).
    utimesSync(abs, 1_700_000_000, 1_700_000_000);
    run(); // read (its time changed), found the same, its time noted
    writeFileSync(abs, `${b.sql.replace(/./g, 'x')}\n`);
    utimesSync(abs, 1_700_000_000, 1_700_000_000);
    run();
    expect(readFileSync(abs, 'utf8')).toBe(`${b.sql.replace(/./g, 'x')}\n`);
    writeFileSync(abs, 'select 666\n');
    run();
    expect(readFileSync(abs, 'utf8')).toBe(`${b.sql}\n`);
    project.remove(b.path);
    run();
    expect(readFileSync(abs, 'utf8')).toBe(`${b.sql}\n`);
  });

  it('writes manifest.json as a compile from scratch does, and whole when it changed since', () => {
    // A file naming invocation_id keeps the parse from being stored: the manifest is then always made whole.
    project.remove('models/f.sql');
    run();
    run(); // the manifest's metadata alone written again
    const reused = manifestBody(project.dir);
    expect(reused).toContain('"model.shop.b"');
    const path = join(project.dir, 'target/manifest.json');
    // Same size and time as written: its metadata alone is written again, the rest copied as it is.
    writeFileSync(path, readFileSync(path, 'utf8').replace('"model.shop.b"', '"model.shop.x"'));
    const recordPath = join(project.dir, 'target/compile_cache.manifest.json');
    const [stamp, record] = readFileSync(recordPath, 'utf8').split('\n');
    const mtimeMs = statSync(path).mtimeMs;
    writeFileSync(recordPath, `${stamp}\n${JSON.stringify({ ...JSON.parse(record!), mtimeMs })}`);
    run();
    expect(manifestBody(project.dir)).toBe(reused.replace('"model.shop.b"', '"model.shop.x"'));
    // Changed since: written whole.
    writeFileSync(path, readFileSync(path, 'utf8').replace('"model.shop.b"', '"model.shop.y"'));
    run();
    expect(manifestBody(project.dir)).toBe(reused);
    run(undefined, false);
    expect(manifestBody(project.dir)).toBe(reused);
  });

  it('keeps the column-lineage warnings of an unchanged compile, made again when a test changes', async () => {
    await loadColumnLineage();
    project.remove('models/f.sql');
    const amout = (s: string) => s.replace('- name: id', '- name: amout');
    project.write('models/schema.yml', amout(files()['models/schema.yml']!));
    const warned = () => {
      const sink = new MemorySink();
      compile({ projectDir: project.dir, targetConfig: target, env, partialParse: true, events: sink });
      return sink.events.map((e) => JSON.stringify(e)).filter((e) => e.includes('no column'));
    };
    const first = warned();
    expect(first).toHaveLength(1);
    expect(first[0]).toContain('b.amout');
    expect(warned()).toEqual(first); // the parse stored by the first: the warnings kept
    expect(warned()).toEqual(first);
    project.write('models/schema.yml', files()['models/schema.yml']!);
    expect(warned()).toEqual([]);
  });

  it('renders every time a model whose template queried the database', () => {
    const db = { ...target, path: join(project.dir, '.db') };
    project.write(
      'models/q.sql',
      "{% if execute %}select {{ run_query('select 42 as n').rows[0][0] }} as n{% endif %}\n",
    );
    const once = () => compile({ projectDir: project.dir, targetConfig: db, env, partialParse: true });
    const first = once();
    expect(first.compiled.find((c) => c.name === 'q')!.sql).toBe('select 42 as n');
    expect(first.reuse!.rendered).toContain('model.shop.q');
    const second = once();
    expect(second.reuse!.rendered).toContain('model.shop.q');
    expect(second.reuse!.rendered).not.toContain('model.shop.b');
  });

  it('renders everything when the stored compiles are damaged', () => {
    const path = join(project.dir, 'target/compile_cache.json');
    writeFileSync(path, `${readFileSync(path, 'utf8').split('\n')[0]}\n{"nodes": {"model.shop.b": `);
    expect(rendered()).toEqual(ALL);
  });
});
