import { TsmodelError } from '../errors/index.js';
import type { MaterializationRegistry } from '../materialize/index.js';
import type { ProjectNode } from '../parse/index.js';
import { dispatchPrefixes, type Renderer } from '../template/index.js';

/**
 * The materialization of a model, checked before the run: a built-in one, or a custom one a project or a
 * package defines as a `{% materialization name, adapter=… %}` block, which tsmodel parses but cannot run
 * yet (a clear error naming the block, instead of dbt's behaviour silently replaced by another).
 */
export function checkMaterialization(
  registry: MaterializationRegistry,
  renderer: Renderer,
  node: ProjectNode,
  targetType: string,
): void {
  const name = node.config.materialized;
  if (registry.has(name)) return;
  const adapters = [...dispatchPrefixes(targetType)];
  const block = renderer.namespaces.all().find((m) => adapters.some((a) => m.name === `materialization_${name}_${a}`));
  if (block) {
    throw new TsmodelError(
      'config',
      `${node.name} uses the custom materialization '${name}' (${block.path}:${block.line}), which tsmodel does not run yet`,
      {
        location: { file: node.originalFilePath },
        hint: `Use one of tsmodel's materializations (${registry.names().join(', ')}) for this model.`,
      },
    );
  }
  registry.get(name, { file: node.originalFilePath });
}
