import { describe, expect, it } from 'vitest';
import type { Warning } from './types.js';
import { loadProjectConfig } from './project.js';
import { parseSchemaYaml } from '../parse/schema-yaml.js';

describe('unsupported dbt sections are loud', () => {
  it('a properties file: one warning per section, at its line, naming the file', () => {
    const warnings: Warning[] = [];
    const errors: unknown[] = [];
    const yaml = [
      'version: 2',
      'models:',
      '  - name: orders',
      'semantic_models:',
      '  - name: orders_sm',
      'metrics:',
      '  - name: revenue',
      'saved_queries: []',
      '',
    ].join('\n');
    const parsed = parseSchemaYaml(yaml, 'models/schema.yml', errors as never[], warnings);
    expect(errors).toEqual([]);
    expect(parsed.patches.map((p) => p.name)).toEqual(['orders']);
    expect(warnings.map((w) => [w.location?.line, w.message])).toEqual([
      [
        4,
        "'semantic_models' in models/schema.yml is not supported by tsmodel (semantic models (the " +
          'semantic layer) are not supported); it is ignored',
      ],
      [
        6,
        "'metrics' in models/schema.yml is not supported by tsmodel (metrics (the semantic layer) are not supported); it is ignored",
      ],
      [
        8,
        "'saved_queries' in models/schema.yml is not supported by tsmodel (saved queries (the semantic " +
          'layer) are not supported); it is ignored',
      ],
    ]);
  });

  it('a supported file says nothing', () => {
    const warnings: Warning[] = [];
    parseSchemaYaml('version: 2\nmodels:\n  - name: orders\nsources: []\n', 'models/schema.yml', [], warnings);
    expect(warnings).toEqual([]);
  });

  it('dbt_project.yml: semantic-models, saved-queries, metrics and exposures sections', () => {
    const text =
      'name: shop\nsemantic-models:\n  +enabled: true\nmetrics:\n  +enabled: true\nmodels:\n  +materialized: view\n';
    const { warnings } = loadProjectConfig('/p', {
      readFile: (p) => (p.endsWith('dbt_project.yml') ? text : undefined),
    });
    expect(warnings.map((w) => [w.location?.file, w.location?.line, w.message])).toEqual([
      [
        'dbt_project.yml',
        2,
        "'semantic-models' in dbt_project.yml is not supported by tsmodel (semantic models (the semantic " +
          'layer) are not supported); it is ignored',
      ],
      [
        'dbt_project.yml',
        4,
        "'metrics' in dbt_project.yml is not supported by tsmodel (metrics (the semantic layer) are not supported); it is ignored",
      ],
    ]);
  });
});
