import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject, type LoadedProject } from '../api/load.js';
import { offlineTarget, projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';
import { ParseCache } from '../parse/index.js';
import { FileSnapshot } from './files.js';

const target = offlineTarget;

function files(): Record<string, string> {
  return {
    'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    staging:\n      +schema: staging\n',
    'macros/money.sql':
      "{% macro to_dollars(col) %}round({{ col }} / 100.0, 2){% endmacro %}\n{% macro via_ref() %}{{ ref('a') }}{% endmacro %}\n",
    'macros/schema.sql':
      '{% macro generate_schema_name(custom, node) %}{{ custom if custom else target.schema }}{% endmacro %}\n',
    'models/staging/a.sql': "{{ config(materialized='table') }}\nselect 1 as id, 100 as cents\n",
    'models/b.sql': "select id, {{ to_dollars('cents') }} as d from {{ ref('a') }}\n",
    'models/c.sql': 'select * from {{ via_ref() }}\n',
    'models/d.sql': 'select 1 as x\n',
    'models/docs.md': '{% docs intro %}Hello{% enddocs %}\n',
    'models/schema.yml':
      'version: 2\nmodels:\n  - name: b\n    description: "{{ doc(\'intro\') }}"\n    columns:\n' +
      '      - name: id\n        data_tests: [not_null]\n',
    'snapshots/snap.sql':
      "{% snapshot snap %}{{ config(unique_key='id', strategy='check', check_cols='all') }}select * from {{ ref('a') }}{% endsnapshot %}\n",
    'seeds/s.csv': 'x\n1\n',
  };
}

/** What a parse produced, comparable between a full and an incremental parse. */
function shape(p: LoadedProject): unknown {
  const nodes = [...p.parsed.nodes, ...p.parsed.disabled].sort((a, b) => a.uniqueId.localeCompare(b.uniqueId));
  return JSON.parse(
    JSON.stringify({ nodes, errors: p.parsed.errors.map((e) => e.message), warnings: p.parsed.warnings }),
  );
}

describe('incremental parse (watch mode)', () => {
  let project: ProjectFixture;
  const cache = new ParseCache();
  let snapshot: FileSnapshot | undefined;
  const full = () => loadProject({ projectDir: project.dir, targetConfig: target });
  const incremental = (changed: string[] = []) => {
    snapshot?.update(changed);
    return loadProject({
      projectDir: project.dir,
      targetConfig: target,
      incremental: { files: (config) => (snapshot ??= new FileSnapshot(config)).current(), parseCache: cache },
    });
  };

  beforeAll(() => {
    project = projectFixture(files());
  });
  afterAll(() => project.dispose());

  it('parses everything the first time, then nothing when nothing changed', () => {
    expect(shape(incremental())).toEqual(shape(full()));
    expect(cache.stats.rendered).toBeGreaterThan(5);
    expect(shape(incremental())).toEqual(shape(full()));
    expect(cache.stats.rendered).toBe(0);
  });

  it('renders only an edited model', () => {
    project.write('models/b.sql', "select id, {{ to_dollars('cents') }} as d2 from {{ ref('a') }}\n");
    const p = incremental(['models/b.sql']);
    expect(cache.stats.renderedFiles).toEqual(['models/b.sql']);
    expect(shape(p)).toEqual(shape(full()));
  });

  it('renders the callers of an edited macro, and only them', () => {
    project.write(
      'macros/money.sql',
      "{% macro to_dollars(col) %}round({{ col }} / 10.0, 1){% endmacro %}\n{% macro via_ref() %}{{ ref('b') }}{% endmacro %}\n",
    );
    const p = incremental(['macros/money.sql']);
    expect([...cache.stats.renderedFiles].sort()).toEqual(['models/b.sql', 'models/c.sql']);
    expect(shape(p)).toEqual(shape(full()));
    expect(p.graph.parents.get('model.shop.c')).toEqual(new Set(['model.shop.b']));
  });

  it('follows a changed schema macro into every relation', () => {
    project.write(
      'macros/schema.sql',
      "{% macro generate_schema_name(custom, node) %}{{ target.schema }}_{{ custom or 'x' }}{% endmacro %}\n",
    );
    const p = incremental(['macros/schema.sql']);
    expect(shape(p)).toEqual(shape(full()));
    expect(p.graph.nodes.get('model.shop.a')!.relation).toEqual({ schema: 'main_staging', identifier: 'a' });
  });

  it('reads a changed YAML file and doc block again', () => {
    project.write('models/docs.md', '{% docs intro %}Hello again{% enddocs %}\n');
    let p = incremental(['models/docs.md']);
    expect(shape(p)).toEqual(shape(full()));
    expect(p.graph.nodes.get('model.shop.b')!.description).toBe('Hello again');
    project.write(
      'models/schema.yml',
      'version: 2\nmodels:\n  - name: b\n    columns:\n      - name: id\n        data_tests: [not_null, unique]\n',
    );
    p = incremental(['models/schema.yml']);
    expect(cache.stats.renderedFiles).toEqual(['models/schema.yml']);
    expect(shape(p)).toEqual(shape(full()));
  });

  it('sees files added and deleted, snapshots and seeds', () => {
    project.write('models/e.sql', "select * from {{ ref('d') }}\n");
    project.remove('models/c.sql');
    project.write(
      'snapshots/snap.sql',
      "{% snapshot snap %}{{ config(unique_key='id', strategy='check', check_cols='all') }}select id " +
        "from {{ ref('a') }}{% endsnapshot %}\n",
    );
    project.write('seeds/s.csv', 'x\n1\n2\n');
    const p = incremental(['models/e.sql', 'models/c.sql', 'snapshots/snap.sql', 'seeds/s.csv']);
    expect([...cache.stats.renderedFiles].sort()).toEqual(['models/e.sql', 'snapshots/snap.sql']);
    expect(shape(p)).toEqual(shape(full()));
    expect(p.graph.nodes.has('model.shop.c')).toBe(false);
  });

  it('reports a template error every time until it is fixed', () => {
    project.write('models/d.sql', 'select {{ oops( }}\n');
    expect(() => incremental(['models/d.sql'])).toThrow(/Template error/);
    expect(() => incremental()).toThrow(/Template error/);
    project.write('models/d.sql', 'select 2 as x\n');
    expect(shape(incremental(['models/d.sql']))).toEqual(shape(full()));
  });
});
