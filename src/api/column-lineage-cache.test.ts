import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemorySink } from '../events/index.js';
import { columnLineageOf, lastLineagePass, lineageMemo, lineageWarnings, loadColumnLineage } from './column-lineage.js';
import { compile } from './compile.js';
import { offlineTarget, projectFixture, type ProjectFixture } from './test-support/project-fixture.js';

const target = offlineTarget;

const A = "{{ config(materialized='table') }}\nselect 1 as id, 100 as cents\n";
const tested = (model: string, ...cols: string[]) =>
  `  - name: ${model}\n    columns:\n` +
  cols.map((c) => `      - name: ${c}\n        data_tests: [not_null]\n`).join('');

function files(): Record<string, string> {
  return {
    'project.yml': 'name: shop\nprofile: shop\n',
    'models/a.sql': A,
    'models/b.sql': "select * from {{ ref('a') }}\n",
    'models/c.sql': "select id, cents from {{ ref('b') }}\n",
    'models/d.sql': "select id from {{ ref('a') }}\n",
    'models/schema.yml': `version: 2\nmodels:\n${tested('b', 'cents', 'note')}${tested('c', 'cents')}`,
  };
}

describe('column lineage kept between compiles (target/lineage_cache.json)', () => {
  let project: ProjectFixture;
  beforeAll(loadColumnLineage);
  beforeEach(() => {
    project = projectFixture(files());
  });
  afterEach(() => project.dispose());

  /**
   * A compile as a new process makes it (this process's analyses forgotten, `inProcess`: kept), its warnings
   * checked against a full analysis of the same project; returns the warnings' columns and the analyses made.
   */
  const compiled = (inProcess = false) => {
    if (!inProcess) lineageMemo.endPass(); // nothing used since the last pass: every analysis dropped
    const sink = new MemorySink();
    const r = compile({ projectDir: project.dir, targetConfig: target, partialParse: true, events: sink });
    const warned = sink.events.flatMap((e) => (e.type === 'log' && e.level === 'warn' ? [e.message] : []));
    const made = lastLineagePass()!.analysed;
    const full = columnLineageOf(r.project, undefined, false);
    expect(warned).toEqual(lineageWarnings(r.project, full));
    expect(columnLineageOf(r.project)).toEqual(full);
    return { warned: warned.map((w) => /(\w+\.\w+) has/.exec(w)![1]).sort(), made };
  };

  it('warns as a full analysis does across edits, analysing only what changed and what reads it', () => {
    expect(compiled()).toEqual({ warned: ['b.note'], made: 4 });
    // A column added upstream, seen by b's select *: b's warning goes. What reads a relation whose columns
    // changed is analysed again (b, d read a; c reads b), whether or not it reads that column.
    project.write('models/a.sql', A.replace('cents', "cents, 'x' as note"));
    expect(compiled()).toEqual({ warned: [], made: 4 });
    // A column removed upstream: b no longer has cents (c still names it: its own SQL says so).
    project.write('models/a.sql', A.replace('100 as cents', "'x' as note"));
    expect(compiled()).toEqual({ warned: ['b.cents'], made: 4 });
    // A model edited: that one alone.
    project.write('models/c.sql', "select id from {{ ref('b') }}\n");
    expect(compiled()).toEqual({ warned: ['b.cents', 'c.cents'], made: 1 });
    // A test added: no analysis made again.
    const yaml = `version: 2\nmodels:\n${tested('b', 'cents', 'note')}${tested('c', 'cents')}${tested('d', 'x')}`;
    project.write('models/schema.yml', yaml);
    expect(compiled()).toEqual({ warned: ['b.cents', 'c.cents', 'd.x'], made: 0 });
    // In one process, the analyses are this process's.
    project.write('models/d.sql', "select id as x from {{ ref('a') }}\n");
    expect(compiled(true)).toEqual({ warned: ['b.cents', 'c.cents'], made: 1 });
  });

  it('analyses everything again when the kept analyses are damaged or other code wrote them', () => {
    expect(compiled().made).toBe(4);
    const path = join(project.dir, 'target/lineage_cache.json');
    const [stamp, body] = readFileSync(path, 'utf8').split('\n');
    project.write('models/d.sql', "select id as x from {{ ref('a') }}\n");
    writeFileSync(path, `${stamp}\n${body!.slice(0, body!.length / 2)}`);
    expect(compiled()).toEqual({ warned: ['b.note'], made: 4 });
    writeFileSync(path, `${stamp}\n${body!.replace(/"copy"|\[\d+,"id",0\]/, '[99,"id",0]')}`);
    project.write('models/d.sql', "select id from {{ ref('a') }}\n");
    expect(compiled().made).toBe(4);
    writeFileSync(path, `${stamp}x\n${body}`);
    project.write('models/d.sql', "select id as y from {{ ref('a') }}\n");
    expect(compiled().made).toBe(4);
  });
});
