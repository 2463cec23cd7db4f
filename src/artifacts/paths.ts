import type { ProjectNode } from '../parse/index.js';

/** target/compiled/<project>/<file>: the node's SELECT, as compiled. Relative to the project root. */
export function compiledPath(targetPath: string, node: Pick<ProjectNode, 'packageName' | 'originalFilePath'>): string {
  return `${targetPath}/compiled/${node.packageName}/${node.originalFilePath}`;
}

/** target/run/<project>/<file>: every statement run to materialize it. */
export function runPath(targetPath: string, node: Pick<ProjectNode, 'packageName' | 'originalFilePath'>): string {
  return `${targetPath}/run/${node.packageName}/${node.originalFilePath}`;
}
