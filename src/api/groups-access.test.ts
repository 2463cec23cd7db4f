import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import type { TsmodelErrors } from '../errors/index.js';
import { MemorySink } from '../events/index.js';
import { databaseProject } from './test-support/database-project.js';
import { compile } from './compile.js';
import { ls } from './ls.js';
import { run } from './run.js';

const SCHEMA = `version: 2
groups:
  - name: finance
    owner: {name: Finance team, email: finance@example.com}
  - name: marketing
    owner: {email: mkt@example.com}
models:
  - name: payments_base
    access: private
    config: {group: finance}
    columns:
      - name: amount
        data_tests: [not_null]
  - name: revenue
    access: public
    group: finance
  - name: campaigns
    config: {group: marketing}
`;

const FILES: Record<string, string> = {
  'project.yml': 'name: shop\n',
  'models/payments_base.sql': 'select 10 as amount',
  'models/revenue.sql': "select sum(amount) as total from {{ ref('payments_base') }}",
  'models/campaigns.sql': "select total from {{ ref('revenue') }}",
  'models/schema.yml': SCHEMA,
};

describeEachDatabase('groups and access on %s', (kind) => {
  const { db, project } = databaseProject(kind, FILES);
  const opts = () => ({ projectDir: project.dir, targetConfig: db.target });
  const problems = () => {
    try {
      ls(opts());
    } catch (err) {
      return (err as TsmodelErrors).errors.map((e) => `${e.location?.file}:${e.location?.line} ${e.message}`);
    }
    return [];
  };

  it('refs within a group and to public models build; tests on a private model run; manifest and selectors know them', async () => {
    const summary = await run({ ...opts(), adapter: db.adapter(), events: new MemorySink() });
    expect(summary.success).toBe(true);
    expect(summary.results.map((r) => r.node.name).sort()).toEqual(['campaigns', 'payments_base', 'revenue']);
    compile(opts());
    const manifest = JSON.parse(readFileSync(join(project.dir, 'target', 'manifest.json'), 'utf8')) as {
      groups: Record<string, unknown>;
      nodes: Record<string, { access: string; group: string | null }>;
    };
    expect(manifest.groups['group.shop.finance']).toMatchObject({
      name: 'finance',
      owner: { name: 'Finance team', email: 'finance@example.com' },
      original_file_path: 'models/schema.yml',
    });
    expect(manifest.nodes['model.shop.payments_base']).toMatchObject({ access: 'private', group: 'finance' });
    expect(manifest.nodes['model.shop.campaigns']).toMatchObject({ access: 'protected', group: 'marketing' });
    const names = (select: string) =>
      ls({ ...opts(), select: [select] })
        .map((e) => e.name)
        .sort();
    // The model's tests come with it, as with any selector.
    expect(names('group:finance')).toEqual(['not_null_payments_base_amount', 'payments_base', 'revenue']);
    expect(names('access:private')).toEqual(['not_null_payments_base_amount', 'payments_base']);
    expect(names('access:protected')).toEqual(['campaigns']);
  });

  it('a ref to a private model from outside its group is an error naming both, at the ref', () => {
    project.write('models/campaigns.sql', "select amount from {{ ref('payments_base') }}");
    expect(problems()).toEqual([
      "models/campaigns.sql:1 model 'campaigns' refers to 'payments_base', which is private to group " +
        "'finance' ('campaigns' is in group 'marketing')",
    ]);
  });

  it('an undeclared group, a bad access level or a group without owner is an error at its YAML', () => {
    project.write(
      'models/schema.yml',
      SCHEMA.replace('{group: marketing}', '{group: marketting}')
        .replace('access: public', 'access: everyone')
        .replace('    owner: {email: mkt@example.com}\n', ''),
    );
    expect(problems()).toEqual([
      "models/schema.yml:5 group 'marketing' needs an owner with a name or an email",
      "models/schema.yml:17 model 'campaigns' is in group 'marketting', which is not declared",
      "models/schema.yml:14 access of model 'revenue' is 'everyone'",
    ]);
  });
});
