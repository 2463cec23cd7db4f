import { runtimeContext, type RuntimeInputs } from '../context.js';
import { RelationValue } from '../relation.js';
import type { Renderer } from '../renderer.js';

export interface ModelContextOptions extends Partial<Omit<RuntimeInputs, 'renderer' | 'node' | 'target'>> {
  /** The model's package ('shop', the profile's name). */
  pkg?: string;
  /** The target's adapter type ('postgres'). */
  type?: string;
  /** The model's file ('m.sql'). */
  file?: string;
}

/**
 * The runtime context of a model `m` for template tests: profile shop, target dev (schema main), refs resolve to main.<name>,
 * sources to <source>.<table>, no vars, not incremental. Options override what a test needs otherwise.
 */
export function modelContext(renderer: Renderer, opts: ModelContextOptions = {}) {
  const { pkg = 'shop', type = 'postgres', file = 'm.sql', ...rest } = opts;
  return runtimeContext({
    renderer,
    node: { uniqueId: `model.${pkg}.m`, name: 'm', resourceType: 'model', packageName: pkg, originalFilePath: file },
    target: { name: 'dev', profile_name: 'shop', schema: 'main', type, threads: 1 },
    vars: {},
    env: {},
    runStartedAt: '2026-01-01T00:00:00Z',
    invocationId: 'i',
    fullRefresh: false,
    resolveRef: (name) => new RelationValue('main', name),
    resolveSource: (s, t) => new RelationValue(s, t),
    thisRelation: new RelationValue('main', 'm'),
    isIncremental: false,
    config: {},
    ...rest,
  });
}
