import { describe, expect, it } from 'vitest';
import type { ResourceType } from '../parse/index.js';
import { buildCatalog, catalogSchemas, type CatalogRelationInput } from './catalog.js';

const meta = {
  generated_at: 'T',
  invocation_id: 'i',
  project_name: 'shop',
  adapter_type: 'pglite',
  target_name: 'dev',
};
const node = (uniqueId: string, resourceType: ResourceType, schema: string, identifier: string, database?: string) => ({
  uniqueId,
  resourceType,
  relation: { schema, identifier, database },
});
const rel = (schema: string, name: string, more: Partial<CatalogRelationInput> = {}): CatalogRelationInput => ({
  schema,
  name,
  type: 'BASE TABLE',
  owner: 'me',
  comment: null,
  columns: [{ name: 'id', type: 'integer', index: 1, comment: null }],
  rowEstimate: 3,
  bytes: 8192,
  ...more,
});

describe('buildCatalog', () => {
  it('keys nodes and sources by unique id; tests, unbuilt nodes and other databases are left out', () => {
    const nodes = [
      node('model.shop.a', 'model', 'dev', 'a'),
      node('source.shop.raw.t', 'source', 'raw', 't'),
      node('test.shop.x', 'test', 'dev', 'x'),
      node('model.shop.unbuilt', 'model', 'dev', 'unbuilt'),
      node('model.shop.elsewhere', 'model', 'dev', 'a', 'other_db'),
      { ...node('model.shop.eph', 'model', 'dev', 'a'), config: { materialized: 'ephemeral' } },
    ];
    const c = buildCatalog(nodes, [rel('dev', 'a'), rel('raw', 't'), rel('dev', 'x')], meta, 'postgres');
    expect(Object.keys(c.nodes as object)).toEqual(['model.shop.a']);
    expect(Object.keys(c.sources as object)).toEqual(['source.shop.raw.t']);
    expect(c.metadata).toMatchObject({ dbt_schema_version: 'https://schemas.getdbt.com/dbt/catalog/v1.json' });
    expect((c.nodes as Record<string, { metadata: unknown }>)['model.shop.a']!.metadata).toEqual({
      type: 'BASE TABLE',
      schema: 'dev',
      name: 'a',
      database: 'postgres',
      comment: null,
      owner: 'me',
    });
    expect(catalogSchemas(nodes)).toEqual(['dev', 'raw']);
  });

  it('reports the row estimate only once the table was analyzed, and no sizes for views', () => {
    const nodes = [node('model.shop.t', 'model', 's', 't'), node('model.shop.v', 'model', 's', 'v')];
    const rels = [rel('s', 't', { rowEstimate: -1 }), rel('s', 'v', { type: 'VIEW', rowEstimate: null, bytes: null })];
    const c = buildCatalog(nodes, rels, meta, 'postgres') as { nodes: Record<string, { stats: object }> };
    expect(Object.keys(c.nodes['model.shop.t']!.stats)).toEqual(['num_bytes', 'has_stats']);
    expect(Object.keys(c.nodes['model.shop.v']!.stats)).toEqual(['has_stats']);
  });
});
