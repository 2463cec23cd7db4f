import type { ProjectNode } from '../parse/index.js';

const ROOT_LAYER: Record<string, string> = {
  model: 'models',
  seed: 'seeds',
  snapshot: 'snapshots',
  test: 'tests',
  analysis: 'analyses',
  source: 'sources',
};

/**
 * The layer a node belongs to: the first folder under its resource folder
 * (models/staging/x.sql → staging). Sources take the folder of the YAML
 * declaring them. Files at the top of a resource folder are in a layer named
 * after it (models, seeds, …).
 */
export function layerOf(node: ProjectNode): string {
  const parts = node.resourceType === 'source' ? node.originalFilePath.split('/').slice(1) : node.path.split('/');
  return parts.length >= 2 ? parts[0]! : (ROOT_LAYER[node.resourceType] ?? node.resourceType);
}

/** The node a test's score counts for: what it is attached to, else (singular tests) its first parent. */
export function scoredNodeOf(test: ProjectNode): string | undefined {
  return test.attachedNode ?? test.dependsOn.nodes[0];
}
