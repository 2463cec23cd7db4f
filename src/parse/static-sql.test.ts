import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../config/index.js';
import { readProjectFiles } from '../project/index.js';
import { loadCases } from '../template/parity/cases.js';
import { BUILTIN_MACROS, Renderer, emptyParseRecord, parseContext, type ParseRecord } from '../template/index.js';
import { staticParse } from './static-sql.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const renderer = new Renderer(BUILTIN_MACROS);
const TARGET = { name: 'dev', profile_name: 'shop', schema: 'main', type: 'pglite', threads: 1 } as const;

/** What a parse-mode render records. */
function rendered(text: string, r: Renderer = renderer): ParseRecord {
  const record = emptyParseRecord();
  const node = {
    uniqueId: 'model.shop.m',
    name: 'm',
    resourceType: 'model',
    originalFilePath: 'm.sql',
    packageName: 'shop',
  };
  const ctx = parseContext(
    {
      renderer: r,
      node,
      target: TARGET,
      vars: {},
      env: {},
      invocationId: 'inv',
      runStartedAt: '2024-01-01T00:00:00Z',
      fullRefresh: false,
    },
    record,
  );
  r.render('m.sql', text, ctx);
  return record;
}

const none = () => false;

describe('static parse of SQL files (ref / source / config only)', () => {
  it('agrees with rendering on every model of the example project, and finds the static ones', () => {
    const { config } = loadProjectConfig(REPO);
    const files = readProjectFiles(config);
    let known = 0;
    for (const f of [...files.models, ...files.analyses, ...files.tests]) {
      const fast = staticParse(f.contents, none);
      if (!fast) continue;
      known++;
      expect(fast, f.path).toEqual(rendered(f.contents));
    }
    expect(known).toBeGreaterThanOrEqual(5);
  });

  it('agrees with rendering on the parity corpus wherever it applies', () => {
    const cases = loadCases(fileURLToPath(new URL('../template/parity/cases', import.meta.url)));
    expect(cases.length).toBeGreaterThan(100);
    for (const c of cases) {
      if (c.macros || c.context) continue;
      const fast = staticParse(c.template, none);
      if (fast) expect(fast, c.id).toEqual(rendered(c.template));
    }
  });

  const STATIC = [
    "{{ config(materialized='table', tags=['a', \"b\"], enabled=True, full=false, n=3, m=-1, e=[]) }}\nselect 1",
    "select * from {{ ref('a') }} join {{ ref(\"pkg\", 'b') }} using (id) join {{ source('raw', 't') }}",
    "{{- ref('a') -}} {# {% if %} a comment {{ var('x') }} #} {{ config() }}",
    'select 1 -- no jinja at all',
    "{{ config(materialized = 'view' , alias='x') }}{{config(schema='s')}}",
  ];
  for (const text of STATIC) {
    it(`static, and equal to the render: ${JSON.stringify(text).slice(0, 70)}`, () => {
      const fast = staticParse(text, none);
      expect(fast).toBeDefined();
      expect(fast).toEqual(rendered(text));
    });
  }

  const DYNAMIC = [
    "{% if true %}{{ ref('a') }}{% endif %}",
    "{{ var('x') }}",
    "{{ ref('a') | upper }}",
    "{{ ref('a', v=2) }}",
    "{{ ref('a'), ref('b') }}",
    '{{ config(x=1.5) }}',
    '{{ config(x=1e3) }}',
    "{{ config(meta={'a': 1}) }}",
    '{{ config(x=[1, 2]) }}',
    "{{ config(x='a', x='b') }}",
    "{{ config({'materialized': 'table'}) }}",
    "{{ ref('a\\\\b') }}",
    "{{ ref('{{') }}",
    "{{ source('only_one') }}",
    "{{ ref('a') }",
    "select '}}' from {{ ref('a') }}",
    "{{ ref('a') }} {{",
    '{# open comment',
    '{{ this }}',
    '{{ is_incremental() }}',
  ];
  for (const text of DYNAMIC)
    it(`rendered, not assumed: ${text}`, () => expect(staticParse(text, none)).toBeUndefined());

  it('a project macro named ref, source or config turns the static parser off', () => {
    for (const name of ['ref', 'source', 'config'])
      expect(staticParse("{{ ref('a') }}", (m) => m === name)).toBeUndefined();
  });
});
