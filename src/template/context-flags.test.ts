import { describe, expect, it } from 'vitest';
import { runtimeContext } from './context.js';
import { RelationValue } from './relation.js';
import { Renderer } from './renderer.js';

// should_full_refresh() and should_store_failures(), as dbt's materializations and packages call them.
function render(config: Record<string, unknown>, fullRefresh: boolean): string {
  const renderer = new Renderer([]);
  const ctx = runtimeContext({
    renderer,
    node: { uniqueId: 'model.p.m', name: 'm', resourceType: 'model', packageName: 'p', originalFilePath: 'm.sql' },
    target: { name: 'dev', profile_name: 'p', schema: 'main', type: 'postgres', threads: 1 },
    vars: {},
    env: {},
    runStartedAt: '2026-01-01T00:00:00Z',
    invocationId: 'i',
    fullRefresh,
    resolveRef: (name) => new RelationValue('main', name),
    resolveSource: (source, table) => new RelationValue(source, table),
    thisRelation: new RelationValue('main', 'm'),
    isIncremental: false,
    config,
  });
  return renderer.render('m.sql', '{{ should_full_refresh() }} {{ should_store_failures() }}', ctx);
}

describe('should_full_refresh and should_store_failures', () => {
  it('follow the config first, then --full-refresh', () => {
    expect(render({}, false)).toBe('False False');
    expect(render({}, true)).toBe('True False');
    expect(render({ full_refresh: false }, true)).toBe('False False');
    expect(render({ full_refresh: true, store_failures: true }, false)).toBe('True True');
  });
});
