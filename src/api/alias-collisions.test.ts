/**
 * Issue 14 item 3: two nodes that would build one relation are a compile
 * error naming both files (dbt: "two resources with the database
 * representation …"), found by `tsmodel compile` without a database. Names
 * compare as PostgreSQL stores the quoted identifiers tsmodel writes: case
 * kept, cut at 63 bytes.
 */
import { describe, expect, it } from 'vitest';
import { TsmodelErrors, type TsmodelError } from '../errors/index.js';
import { projectFixture } from './test-support/project-fixture.js';
import { compile } from './compile.js';

const TARGET = {
  type: 'pglite',
  name: 'dev',
  profileName: 'p',
  schema: 'main',
  threads: 1,
  path: '/nonexistent',
} as const;

function compileErrors(files: Record<string, string>): TsmodelError[] {
  const project = projectFixture({ 'project.yml': 'name: aliases\n', ...files });
  try {
    compile({ projectDir: project.dir, targetConfig: TARGET as never });
    return [];
  } catch (err) {
    if (!(err instanceof TsmodelErrors)) throw err;
    return [...err.errors];
  } finally {
    project.dispose();
  }
}

describe('alias collisions', () => {
  it('a model aliased to another model’s name', () => {
    const errors = compileErrors({
      'models/base_t.sql': 'select 1 as id\n',
      'models/other.sql': "{{ config(alias='base_t') }}\nselect 2 as id\n",
      'models/uses.sql': "select * from {{ ref('base_t') }}\n",
    });
    expect(errors.map((e) => [e.code, e.message, e.location?.file])).toEqual([
      [
        'graph-duplicate',
        `Two nodes resolve to the database relation "main"."base_t": model 'base_t' (models/base_t.sql) ` +
          `and model 'other' (models/other.sql). Each would replace the other's table or view`,
        'models/other.sql',
      ],
    ]);
    expect(errors[0]!.hint).toMatch(/another alias or schema/);
  });

  it('two models with one alias, a seed and a snapshot', () => {
    const errors = compileErrors({
      'models/a.sql': "{{ config(alias='shared') }}\nselect 1 as id\n",
      'models/b.sql': "{{ config(alias='shared') }}\nselect 2 as id\n",
      'seeds/shared.csv': 'id\n1\n',
      'snapshots/s.sql':
        "{% snapshot snap %}{{ config(alias='a_snap', unique_key='id', strategy='check', " +
        "check_cols='all', target_schema='main') }}select 1 as id{% endsnapshot %}\n",
      'models/a_snap.sql': 'select 1 as id\n',
    });
    const messages = errors.map((e) => e.message.replace(/\. Each would.*/, ''));
    expect(messages.sort()).toEqual(
      [
        `Two nodes resolve to the database relation "main"."a_snap": model 'a_snap' (models/a_snap.sql) ` +
          `and snapshot 'snap' (snapshots/s.sql)`,
        `Two nodes resolve to the database relation "main"."shared": model 'a' (models/a.sql) and model 'b' (models/b.sql)`,
        `Two nodes resolve to the database relation "main"."shared": model 'a' (models/a.sql) and seed 'shared' (seeds/shared.csv)`,
      ].sort(),
    );
  });

  it('names equal in their first 63 bytes collide (and are too long anyway)', () => {
    const stem = 'x'.repeat(63);
    const errors = compileErrors({
      'models/a.sql': `{{ config(alias='${stem}_one') }}\nselect 1 as id\n`,
      'models/b.sql': `{{ config(alias='${stem}_two') }}\nselect 2 as id\n`,
    });
    expect(errors.map((e) => e.message.replace(/x{63}/g, 'x…'))).toEqual([
      `The identifier of model 'a' is 67 bytes long: "x…_one". PostgreSQL allows 63 and would cut it to "x…"`,
      `The identifier of model 'b' is 67 bytes long: "x…_two". PostgreSQL allows 63 and would cut it to "x…"`,
      `Two nodes resolve to the database relation "main"."x…": model 'a' (models/a.sql) and model 'b' ` +
        `(models/b.sql). Each would replace the other's table or view`,
    ]);
  });

  it.each([
    [
      'one alias in two schemas',
      {
        'models/a.sql': "{{ config(alias='same', schema='one') }}\nselect 1 as id\n",
        'models/b.sql': "{{ config(alias='same', schema='two') }}\nselect 2 as id\n",
      },
    ],
    [
      'names that differ only in case (identifiers are always quoted)',
      {
        'models/a.sql': "{{ config(alias='Orders') }}\nselect 1 as id\n",
        'models/b.sql': "{{ config(alias='orders') }}\nselect 2 as id\n",
      },
    ],
    [
      'an ephemeral model, which builds no relation',
      {
        'models/base_t.sql': 'select 1 as id\n',
        'models/eph.sql': "{{ config(materialized='ephemeral', alias='base_t') }}\nselect 2 as id\n",
      },
    ],
    [
      'a disabled model',
      {
        'models/base_t.sql': 'select 1 as id\n',
        'models/off.sql': "{{ config(enabled=false, alias='base_t') }}\nselect 2 as id\n",
      },
    ],
  ])('no collision: %s', (_what, files) => {
    expect(compileErrors(files)).toEqual([]);
  });
});
