import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySink } from '../events/index.js';
import { compile } from './compile.js';
import { offlineTarget, projectFixture, type ProjectFixture } from './test-support/project-fixture.js';

const SCHEMA = `version: 2
sources:
  - name: raw
    tables: [{name: orders}]
models:
  - name: b
    description: the b model
    columns:
      - name: id
        data_tests: [not_null, unique]
exposures:
  - name: board
    type: dashboard
    owner: {name: Ann}
    depends_on: [ref('b')]
`;

function files(): Record<string, string> {
  return {
    'project.yml': 'name: shop\nprofile: shop\n',
    'macros/money.sql': '{% macro to_dollars(col) %}round({{ col }} / 100.0, 2){% endmacro %}\n',
    'models/a.sql': "select 1 as id, 100 as cents from {{ source('raw', 'orders') }}\n",
    'models/b.sql': "select id, {{ to_dollars('cents') }} as d from {{ ref('a') }}\n",
    'models/c.sql': "select id from {{ ref('b') }}\n",
    'models/off.sql': '{{ config(enabled=false) }}\nselect 2 as id\n',
    'models/schema.yml': SCHEMA,
  };
}

const MANIFEST = 'target/manifest.json';
/** manifest.json but its metadata (its time and invocation id). */
const body = (dir: string) => {
  const text = readFileSync(join(dir, MANIFEST), 'utf8');
  return text.slice(text.indexOf('\n  "nodes"'));
};

describe('manifest.json made from the previous one (manifest-fragments.ts)', () => {
  let project: ProjectFixture;
  /** The same files compiled without partial parsing (whole every time): the bytes to match. */
  let scratch: ProjectFixture;
  const write = (path: string, text: string) => [project, scratch].forEach((p) => p.write(path, text));
  const remove = (path: string) => [project, scratch].forEach((p) => p.remove(path));
  /** Compiles both; checks the manifests are the same; returns how many pieces were copied from the old file. */
  const copied = (): number => {
    const events = new MemorySink();
    compile({ projectDir: project.dir, targetConfig: offlineTarget, env: {}, partialParse: true, events });
    compile({ projectDir: scratch.dir, targetConfig: offlineTarget, env: {}, partialParse: false });
    expect(body(project.dir)).toBe(body(scratch.dir));
    const line = events.events.map((e) => JSON.stringify(e)).find((e) => e.includes('piece(s) copied'));
    return line ? Number(/manifest: (\d+) piece/.exec(line)![1]) : -1;
  };

  beforeEach(() => {
    project = projectFixture(files());
    scratch = projectFixture(files());
    expect(copied()).toBe(0);
  });
  afterEach(() => [project, scratch].forEach((p) => p.dispose()));

  it('copies every entry but the edited model', () => {
    write('models/b.sql', `-- edited\n${files()['models/b.sql']}`);
    // Every section but the metadata, every node, source, exposure and disabled entry but b's.
    const all = copied();
    expect(all).toBeGreaterThan(10);
    write('models/b.sql', `-- edited again\n${files()['models/b.sql']}`);
    expect(copied()).toBe(all);
    write('models/c.sql', `-- edited\n${files()['models/c.sql']}`);
    expect(copied()).toBe(all);
    write('models/off.sql', '{{ config(enabled=false) }}\nselect 3 as id\n');
    expect(copied()).toBe(all);
  });

  it('writes only the metadata when nothing changed since an edit, and never over an edit the SQL does not show', () => {
    const b = files()['models/b.sql']!;
    write('models/b.sql', `{# one #}\n${b}`);
    expect(copied()).toBeGreaterThan(10);
    expect(copied()).toBe(-1); // spliced: the metadata alone written again (no piece made or copied)
    // The same compiled SQL, another text (raw_code, checksum): the edited entry is made again.
    write('models/b.sql', `{# two #}\n${b}`);
    expect(copied()).toBeGreaterThan(10);
    expect(readFileSync(join(project.dir, MANIFEST), 'utf8')).toContain('{# two #}');
  });

  it('makes everything again after a removal, an added model or test and a macro edit, then copies again', () => {
    remove('models/c.sql');
    expect(copied()).toBe(0);
    write('models/e.sql', "select id from {{ ref('a') }}\n");
    expect(copied()).toBe(0);
    write('models/schema.yml', SCHEMA.replace('[not_null, unique]', '[not_null]'));
    expect(copied()).toBe(0);
    write('macros/money.sql', '{% macro to_dollars(col) %}round({{ col }} / 100.0, 3){% endmacro %}\n');
    expect(copied()).toBe(0);
    write('models/e.sql', "-- edited\nselect id from {{ ref('a') }}\n");
    expect(copied()).toBeGreaterThan(10);
  });

  it("copies the old file's bytes, and none of a file changed since", () => {
    const path = join(project.dir, MANIFEST);
    write('models/b.sql', `-- edited\n${files()['models/b.sql']}`);
    copied();
    // The file changed since it was written (the record's size and time no longer hold): made whole.
    writeFileSync(path, readFileSync(path, 'utf8').replace('"the b model"', '"the B model"'));
    write('models/b.sql', `-- edited again\n${files()['models/b.sql']}`);
    expect(copied()).toBe(0);
    // A change made behind the record's back (the record given the file's new time): its bytes are copied as they are.
    writeFileSync(path, readFileSync(path, 'utf8').replace('"select id from', '"select ID from'));
    const recordPath = join(project.dir, 'target/compile_cache.manifest.json');
    const [stamp, record] = readFileSync(recordPath, 'utf8').split('\n');
    const mtimeMs = statSync(path).mtimeMs;
    writeFileSync(recordPath, `${stamp}\n${JSON.stringify({ ...JSON.parse(record!), mtimeMs })}`);
    write('models/b.sql', `-- edited a third time\n${files()['models/b.sql']}`);
    const events = new MemorySink();
    compile({ projectDir: project.dir, targetConfig: offlineTarget, env: {}, partialParse: true, events });
    expect(readFileSync(path, 'utf8')).toContain('"select ID from');
  });

  it('discards a damaged or foreign fragment table, and a record pointing elsewhere', () => {
    const table = join(project.dir, 'target/compile_cache.fragments.json');
    const edit = (n: number) => write('models/b.sql', `-- edit ${n}\n${files()['models/b.sql']}`);
    edit(1);
    expect(copied()).toBeGreaterThan(0);
    const [head, value] = readFileSync(table, 'utf8').split('\n');
    writeFileSync(table, `${head}\n${value!.slice(0, value!.length / 2)}`);
    edit(2);
    expect(copied()).toBe(0);
    writeFileSync(table, `tsmodel-manifest-fragments 1 0000\n${value}`);
    edit(3);
    expect(copied()).toBe(0);
    // Offsets past the end or off an entry's braces: each such piece is made, never copied.
    const good = readFileSync(table, 'utf8');
    const [h, v] = good.split('\n');
    const t = JSON.parse(v!) as { sections: Record<string, Record<string, [string, number, number]>> };
    for (const f of Object.values(t.sections.nodes!)) f[1] += 3;
    writeFileSync(table, `${h}\n${JSON.stringify(t)}`);
    edit(4);
    const some = copied();
    expect(some).toBeGreaterThan(0);
    edit(5);
    expect(copied()).toBeGreaterThan(some);
  });
});
