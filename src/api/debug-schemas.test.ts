import { afterAll, expect, it } from 'vitest';
import { describe } from 'vitest';
import { projectFixture } from './test-support/project-fixture.js';
import { debug } from './debug.js';

/** The dev pattern the README documents: dev_<user>_<schema> on the dev target, the plain schema elsewhere. */
const DEV_SCHEMAS = `{% macro generate_schema_name(custom_schema_name, node) -%}
  {%- set schema = custom_schema_name or target.schema -%}
  {%- if target.name == 'dev' -%} dev_{{ env_var('USER', 'me') }}_{{ schema }}
  {%- else -%} {{ schema }} {%- endif -%}
{%- endmacro %}
`;

describe('tsmodel debug shows the schemas a run writes', () => {
  const project = projectFixture({
    'project.yml': 'name: shop\nmodels:\n  shop:\n    marts:\n      +schema: marts\n',
    'macros/schemas.sql': DEV_SCHEMAS,
    'models/stg.sql': 'select 1 as id',
    'models/marts/orders.sql': "select * from {{ ref('stg') }}",
    'models/marts/customers.sql': "select * from {{ ref('stg') }}",
  });
  afterAll(() => project.dispose());
  const target = (name: string) => ({
    type: 'pglite' as const,
    name,
    profileName: 'shop',
    schema: 'analytics',
    threads: 1,
    retries: 0,
    retryDelayMs: 0,
    path: 'memory://',
  });

  it('dev_<user>_<schema> on the dev target, the plain schemas on prod', async () => {
    const dev = await debug({ projectDir: project.dir, targetConfig: target('dev'), env: { USER: 'ann' } });
    expect(dev.schemas).toEqual({ dev_ann_analytics: 1, dev_ann_marts: 2 });
    const prod = await debug({ projectDir: project.dir, targetConfig: target('prod'), env: { USER: 'ann' } });
    expect(prod.schemas).toEqual({ analytics: 1, marts: 2 });
  });
});
