import { customMaterializationMacro } from '../execute/run-custom.js';
import type { MaterializationRegistry } from '../materialize/index.js';
import type { ProjectNode } from '../parse/index.js';
import type { Renderer } from '../template/index.js';

/**
 * The materialization of a model, checked before the run: a built-in one, or a custom one a project or a
 * package defines as a `{% materialization name, adapter=… %}` block (citus, postgres or default), whose macro
 * this returns (the run renders it, `execute/run-custom.ts`); the root project's block of a built-in's name
 * replaces the built-in. Neither: the registry's error naming the choices.
 */
export function checkMaterialization(
  registry: MaterializationRegistry,
  renderer: Renderer,
  node: ProjectNode,
  targetType: string,
): string | undefined {
  const name = node.config.materialized;
  if (registry.has(name)) return customMaterializationMacro(renderer, name, targetType, true);
  const macro = customMaterializationMacro(renderer, name, targetType);
  if (macro) return macro;
  registry.get(name, { file: node.originalFilePath });
  return undefined;
}
