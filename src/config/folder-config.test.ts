import { describe, expect, it } from 'vitest';
import { mergeConfigs, normalizeConfigKey, resolveFolderConfig } from './folder-config.js';

const TREE = {
  '+tags': ['all'],
  shop: {
    '+materialized': 'view',
    '+tags': 'shop',
    '+pre-hook': 'select 1',
    '+meta': { owner: 'data', tier: 3 },
    '+grants': { select: ['analyst'] },
    staging: {
      '+materialized': 'table',
      '+tags': ['staging', 'shop'],
      '+post-hook': ['analyze {{ this }}'],
      '+pre-hook': 'select 2',
      '+meta': { tier: 1 },
      schema: 'stg',
      enabled: true,
      stg_orders: {
        '+materialized': 'incremental',
        unique_key: 'id',
        '+grants': { '+select': ['reporter'], insert: ['loader'] },
      },
    },
    marts: {
      '+schema': 'marts',
      docs: { show: false },
    },
  },
  other_package: { '+enabled': false },
};

describe('resolveFolderConfig', () => {
  it('applies project-level configs to a node at the project root', () => {
    expect(resolveFolderConfig(TREE, ['shop', 'orders'], 'model')).toEqual({
      tags: ['all', 'shop'],
      materialized: 'view',
      pre_hook: ['select 1'],
      meta: { owner: 'data', tier: 3 },
      grants: { select: ['analyst'] },
    });
  });

  it('lets the most specific folder win', () => {
    const config = resolveFolderConfig(TREE, ['shop', 'staging', 'stg_customers']);
    expect(config.materialized).toBe('table');
    expect(config.schema).toBe('stg');
  });

  it('targets a single node by name', () => {
    const config = resolveFolderConfig(TREE, ['shop', 'staging', 'stg_orders']);
    expect(config.materialized).toBe('incremental');
    expect(config.unique_key).toBe('id');
  });

  it('accumulates tags without duplicates, in order', () => {
    expect(resolveFolderConfig(TREE, ['shop', 'staging', 'stg_orders']).tags).toEqual(['all', 'shop', 'staging']);
  });

  it('accumulates pre- and post-hooks as lists, normalizing their names', () => {
    const config = resolveFolderConfig(TREE, ['shop', 'staging', 'stg_orders']);
    expect(config.pre_hook).toEqual(['select 1', 'select 2']);
    expect(config.post_hook).toEqual(['analyze {{ this }}']);
    expect(config).not.toHaveProperty('pre-hook');
  });

  it('shallow-merges meta', () => {
    expect(resolveFolderConfig(TREE, ['shop', 'staging', 'x']).meta).toEqual({ owner: 'data', tier: 1 });
  });

  it('merges grants per privilege; "+privilege" adds grantees', () => {
    expect(resolveFolderConfig(TREE, ['shop', 'staging', 'stg_orders']).grants).toEqual({
      select: ['analyst', 'reporter'],
      insert: ['loader'],
    });
  });

  it('reads bare known config keys, but not sub-folders', () => {
    const config = resolveFolderConfig(TREE, ['shop', 'staging', 'stg_customers']);
    expect(config.enabled).toBe(true);
    expect(config).not.toHaveProperty('stg_orders');
    const marts = resolveFolderConfig(TREE, ['shop', 'marts', 'fct_orders']);
    expect(marts.docs).toEqual({ show: false });
    expect(marts.schema).toBe('marts');
    expect(marts).not.toHaveProperty('staging');
  });

  it('does not apply sibling folders or other packages', () => {
    const config = resolveFolderConfig(TREE, ['shop', 'marts', 'fct_orders']);
    expect(config.materialized).toBe('view');
    expect(config.enabled).toBeUndefined();
    expect(resolveFolderConfig(TREE, ['other_package', 'm'])).toEqual({ tags: ['all'], enabled: false });
  });

  it('ignores an empty folder entry and a path that leaves the tree', () => {
    const tree = { shop: { staging: null, '+materialized': 'view' } };
    expect(resolveFolderConfig(tree, ['shop', 'staging', 'a'])).toEqual({ materialized: 'view' });
    expect(resolveFolderConfig(tree, ['shop', 'marts', 'deep', 'a'])).toEqual({ materialized: 'view' });
    expect(resolveFolderConfig({}, ['shop', 'a'])).toEqual({});
  });

  it('treats a folder named like a mapping config as a folder when it holds "+" keys', () => {
    const tree = { shop: { docs: { '+materialized': 'table' } } };
    expect(resolveFolderConfig(tree, ['shop', 'other', 'a'])).toEqual({});
    expect(resolveFolderConfig(tree, ['shop', 'docs', 'a'])).toEqual({ materialized: 'table' });
  });

  it('does not modify the tree', () => {
    const snapshot = JSON.stringify(TREE);
    resolveFolderConfig(TREE, ['shop', 'staging', 'stg_orders']);
    expect(JSON.stringify(TREE)).toBe(snapshot);
  });
});

describe('mergeConfigs', () => {
  it('applies a config() block over folder configs', () => {
    const base = { materialized: 'view', tags: ['a'], meta: { x: 1 }, pre_hook: ['one'] };
    const merged = mergeConfigs(base, { '+materialized': 'table', tags: 'b', meta: { y: 2 }, 'pre-hook': 'two' });
    expect(merged).toEqual({ materialized: 'table', tags: ['a', 'b'], meta: { x: 1, y: 2 }, pre_hook: ['one', 'two'] });
    expect(base).toEqual({ materialized: 'view', tags: ['a'], meta: { x: 1 }, pre_hook: ['one'] });
  });

  it('replaces other values, including mappings that do not merge', () => {
    expect(
      mergeConfigs(
        { persist_docs: { relation: true }, unique_key: ['a'] },
        { persist_docs: { columns: true }, unique_key: 'b' },
      ),
    ).toEqual({ persist_docs: { columns: true }, unique_key: 'b' });
  });

  it('keeps undefined overrides out and makes single tags and hooks lists', () => {
    expect(mergeConfigs({ alias: 'x', tags: 'solo' }, { alias: undefined, post_hook: 'vacuum' })).toEqual({
      alias: 'x',
      tags: ['solo'],
      post_hook: ['vacuum'],
    });
  });

  it('normalizes keys', () => {
    expect(normalizeConfigKey('+post-hook')).toBe('post_hook');
    expect(normalizeConfigKey('+ materialized')).toBe('materialized');
    expect(normalizeConfigKey('schema')).toBe('schema');
  });
});
