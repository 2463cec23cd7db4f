import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildManifest } from '../artifacts/index.js';
import { loadProject, type LoadedProject } from './load.js';
import { codeStamp, partialParsePath } from './partial-parse.js';
import { offlineTarget, projectFixture, type ProjectFixture } from './test-support/project-fixture.js';
import { copyExampleProject } from './test-support/example-project.js';

const target = offlineTarget;

function files(): Record<string, string> {
  return {
    'project.yml':
      'name: shop\nprofile: shop\nvars:\n  rate: 2\n  other: 1\nmodels:\n  shop:\n    staging:\n      +schema: staging\n',
    'macros/money.sql': '{% macro to_dollars(col) %}round({{ col }} / 100.0, 2){% endmacro %}\n',
    'macros/twice.sql': '{% macro twice(col) %}{{ col }} * 2{% endmacro %}\n',
    'models/staging/a.sql': "{{ config(materialized='table') }}\nselect 1 as id, 100 as cents\n",
    'models/b.sql': "select id, {{ to_dollars('cents') }} as d from {{ ref('a') }}\n",
    'models/c.sql': "select id * {{ var('rate') }} as r from {{ ref('a') }}\n",
    'models/d.sql': "select '{{ env_var('SHOP_REGION', 'eu') }}' as region\n",
    'models/e.sql': "select {{ twice('id') }} as x, {{ util_money('id') }} as m from {{ ref('a') }}\n",
    'models/schema.yml':
      'version: 2\nmodels:\n  - name: b\n    description: dollars\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
    'dbt_packages/util/dbt_project.yml': "name: util\nversion: '1.0.0'\n",
    'dbt_packages/util/macros/util.sql': '{% macro util_money(col) %}{{ col }} / 100{% endmacro %}\n',
    'dbt_packages/util/models/util_model.sql': "select {{ util_money('1') }} as one\n",
  };
}

/** What a parse produced, comparable between a parse through target/ and one from scratch. */
function shape(p: LoadedProject): unknown {
  const nodes = [...p.parsed.nodes, ...p.parsed.disabled].sort((a, b) => a.uniqueId.localeCompare(b.uniqueId));
  const manifest = buildManifest(
    p.parsed,
    p.graph,
    { generated_at: '', invocation_id: '', project_name: '', adapter_type: '', target_name: '' },
    'target',
  );
  return JSON.parse(JSON.stringify({ nodes, manifest, warnings: p.parsed.warnings, docs: [...p.parsed.docs] }));
}

describe('partial parse (target/partial_parse.bin)', () => {
  let project: ProjectFixture;
  let env: Record<string, string> = {};
  const load = (vars?: Record<string, unknown>, partialParse = true) =>
    loadProject({ projectDir: project.dir, targetConfig: target, env, vars, partialParse });
  /** Loads through target/ and checks the result equals a parse from scratch; returns the files rendered. */
  const rendered = (vars?: Record<string, unknown>) => {
    const p = load(vars);
    expect(shape(p)).toEqual(shape(load(vars, false)));
    return { how: p.partialParse!.how, files: [...p.partialParse!.rendered].sort(), reason: p.partialParse!.reason };
  };

  beforeAll(() => {
    project = projectFixture(files());
  });
  afterAll(() => project.dispose());

  it('parses everything once, then reuses the whole parse while nothing changes', () => {
    const first = rendered();
    expect(first.how).toBe('parsed');
    expect(first.files).toContain('models/b.sql');
    expect(rendered()).toEqual({ how: 'reused', files: [], reason: undefined });
  });

  it('edits a model in place when it declares the same refs, sources, config and vars', () => {
    project.write('models/b.sql', "-- edited\nselect id, {{ to_dollars('cents') }} as dd from {{ ref('a') }}\n");
    expect(rendered()).toMatchObject({ how: 'edited', files: ['models/b.sql'] });
    // The stored parse is not written again for an edit: the next process makes the same edit on it.
    expect(rendered()).toMatchObject({ how: 'edited', files: ['models/b.sql'] });
  });

  it('parses again, rendering only the edited file, when its refs change', () => {
    project.write('models/b.sql', "select id from {{ ref('c') }}\n");
    expect(rendered()).toMatchObject({ how: 'parsed', files: ['models/b.sql'] });
  });

  it('renders again exactly the callers of a changed macro', () => {
    project.write('macros/twice.sql', '{% macro twice(col) %}({{ col }}) * 2{% endmacro %}\n');
    expect(rendered()).toMatchObject({ how: 'parsed', files: ['models/e.sql'] });
  });

  it("renders again exactly the readers of a changed var (project.yml's or --vars)", () => {
    project.write('project.yml', files()['project.yml']!.replace('rate: 2', 'rate: 3'));
    expect(rendered().files).toEqual(['models/c.sql']);
    expect(rendered({ other: 5 }).files).toEqual([]);
    expect(rendered({ rate: 7 }).files).toEqual(['models/c.sql']);
    project.write('project.yml', files()['project.yml']!);
  });

  it('renders again exactly the readers of a changed env var', () => {
    rendered();
    env = { SHOP_REGION: 'us' };
    expect(rendered()).toMatchObject({ how: 'parsed', files: ['models/d.sql'], reason: 'env var SHOP_REGION changed' });
    env = { SHOP_REGION: 'us', UNRELATED: 'x' };
    expect(rendered().how).toBe('reused');
  });

  it('renders nothing again for a folder config change, and everything for a new project name', () => {
    rendered();
    project.write('project.yml', files()['project.yml']!.replace('+schema: staging', '+schema: stage'));
    const p = load();
    expect(p.partialParse).toMatchObject({ how: 'parsed', rendered: [] });
    expect(p.graph.nodes.get('model.shop.a')!.relation?.schema).toBe('main_stage');
    project.write('project.yml', files()['project.yml']!.replace('name: shop', 'name: store'));
    expect(rendered().files).toHaveLength(6);
    project.write('project.yml', files()['project.yml']!);
  });

  it("renders again the callers of a changed package macro, and nothing for the package's new version", () => {
    rendered();
    project.write('dbt_packages/util/macros/util.sql', '{% macro util_money(col) %}{{ col }} / 100.0{% endmacro %}\n');
    expect(rendered().files).toEqual(['dbt_packages/util/models/util_model.sql', 'models/e.sql']);
    project.write('dbt_packages/util/dbt_project.yml', "name: util\nversion: '1.1.0'\n");
    expect(rendered()).toMatchObject({ how: 'parsed', files: [] });
  });

  it('keeps no render whose config holds more than plain data, and renders it again each time', () => {
    project.write('models/r.sql', "{{ config(meta={'upstream': ref('a')}) }}\nselect 1 as x\n");
    expect(rendered().files).toContain('models/r.sql');
    expect(rendered()).toMatchObject({ how: 'parsed', files: ['models/r.sql'] });
    project.remove('models/r.sql');
    expect(rendered().how).toBe('parsed');
  });

  it('discards a damaged, truncated or foreign file and parses everything, saying why', () => {
    // A byte changed in the nodes' parts read when first used (their SQL, columns…): found when the file is read.
    const flipped = (file: Buffer) => {
      const lines = file.toString('latin1').split('\n', 2);
      const header = JSON.parse(lines[1]!) as { parseBytes: number; nodesBytes: number };
      const at = lines[0]!.length + lines[1]!.length + 2 + header.parseBytes + header.nodesBytes + 3;
      const copy = Buffer.from(file);
      copy[at] = copy[at]! ^ 1;
      return copy;
    };
    const path = partialParsePath(load().config);
    const good = readFileSync(path);
    const cases: [Buffer, RegExp][] = [
      [Buffer.from('not a cache at all'), /is not a partial parse/],
      [good.subarray(0, good.length - 10), /is truncated/],
      [Buffer.from(good.toString('latin1').replace(codeStamp(), 'x'.repeat(32)), 'latin1'), /another version/],
      [Buffer.from(good.toString('latin1').replace('partial-parse 3', 'partial-parse 2'), 'latin1'), /not a partial/],
      [flipped(good), /is damaged/],
    ];
    for (const [bytes, reason] of cases) {
      writeFileSync(path, bytes);
      const r = rendered();
      expect(r.how).toBe('parsed');
      expect(r.reason).toMatch(reason);
      expect(r.files).toHaveLength(6);
    }
    expect(rendered().how).toBe('reused');
  });

  it('is neither read nor written with partialParse off or TSMODEL_PARTIAL_PARSE=0', () => {
    const path = partialParsePath(load().config);
    rmSync(path);
    expect(load(undefined, false).partialParse).toBeUndefined();
    env = { TSMODEL_PARTIAL_PARSE: '0' };
    expect(load().partialParse).toBeUndefined();
    expect(readdirSync(join(project.dir, 'target'))).toEqual([]);
    env = {};
  });

  it('keeps no parse that read a secret env var, nor one whose files read run_started_at', () => {
    const path = partialParsePath(load().config);
    rmSync(path, { force: true });
    project.write('models/s.sql', "select '{{ env_var('DBT_ENV_SECRET_TOKEN', '') | length }}' as n\n");
    env = { DBT_ENV_SECRET_TOKEN: 'very-secret-token-value' };
    load();
    expect(readdirSync(join(project.dir, 'target'))).toEqual([]);
    project.write('models/s.sql', "select '{{ run_started_at }}' as t\n");
    expect(load().partialParse?.reason).toMatch(/run_started_at/);
    expect(readdirSync(join(project.dir, 'target'))).toEqual([]);
    project.remove('models/s.sql');
    env = {};
  });
});

describe('partial parse of the example project', () => {
  let dir: string;
  beforeAll(() => {
    dir = copyExampleProject();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same manifest as a parse from scratch, reused and after an edit', () => {
    const load = (partialParse: boolean, fewNodes = false) =>
      loadProject({ projectDir: dir, targetConfig: target, env: {}, partialParse }, { fewNodes });
    const scratch = shape(load(false));
    expect(load(true).partialParse?.how).toBe('parsed');
    const reused = load(true);
    expect(reused.partialParse?.how).toBe('reused');
    expect(shape(reused)).toEqual(scratch);
    expect(shape(load(true, true))).toEqual(scratch); // each node's SQL, columns… read when first used
    const model = readdirSync(join(dir, 'models/warehouse')).find((f) => f.endsWith('.sql'))!;
    const path = join(dir, 'models/warehouse', model);
    writeFileSync(path, `-- a comment\n${readFileSync(path, 'utf8')}`);
    const edited = load(true);
    expect(edited.partialParse?.how).toBe('edited');
    expect(shape(edited)).toEqual(shape(load(false)));
    expect(shape(load(true, true))).toEqual(shape(load(false)));
  });
});
