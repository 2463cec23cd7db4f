import type { ProjectNode } from '../parse/index.js';
import type { Graph } from '../graph/index.js';
import type { StateManifest, StateNode } from './state.js';

/**
 * dbt names a generic test's node by an md5 of Python's repr of its arguments, which tsmodel does
 * not reproduce: against a dbt-written manifest, a test of the current project is matched to dbt's
 * by what it tests — the node it is attached to, the test, and its arguments (without `model`).
 */
export function testKey(attached: string, test: string, namespace: unknown, kwargs: Record<string, unknown>): string {
  const args = Object.keys(kwargs)
    .filter((k) => k !== 'model')
    .sort()
    .map((k) => [k, kwargs[k]]);
  return JSON.stringify([attached, test, typeof namespace === 'string' ? namespace : null, args]);
}

function keyOfNode(n: ProjectNode): string | undefined {
  const tm = n.testMetadata;
  return tm && n.attachedNode ? testKey(n.attachedNode, tm.name, tm.namespace, tm.kwargs) : undefined;
}

/**
 * The state with each matched test also under the current project's unique id. dbt configures a
 * test's schema (dbt_test__audit) and, for a long name, its alias itself: those are not the user's.
 */
export function withTestsMatched(state: StateManifest, graph: Graph): StateManifest {
  const byKey = new Map<string, StateNode>();
  for (const n of state.nodes.values()) if (n.testKey) byKey.set(n.testKey, n);
  if (byKey.size === 0) return state;
  const nodes = new Map(state.nodes);
  for (const n of graph.nodes.values()) {
    const key = n.resourceType === 'test' ? keyOfNode(n) : undefined;
    const old = key === undefined ? undefined : byKey.get(key);
    if (!old || nodes.has(n.uniqueId)) continue;
    const { alias, schema, ...config } = old.config;
    const own = {
      ...(alias !== undefined && alias !== n.name ? { alias } : {}),
      ...(schema !== undefined && schema !== 'dbt_test__audit' ? { schema } : {}),
    };
    nodes.set(n.uniqueId, { ...old, config: { ...config, ...own } });
  }
  return { ...state, nodes };
}
