import type { ProjectNode } from '../parse/index.js';

/**
 * target/compiled/<project>/<file>: the node's SELECT, as compiled. Relative to the project root.
 * A test declared in YAML gets a file of its own under the YAML's path, as in dbt: …/schema.yml/not_null_x.sql.
 */
export function compiledPath(
  targetPath: string,
  node: Pick<ProjectNode, 'packageName' | 'originalFilePath'> &
    Partial<Pick<ProjectNode, 'name' | 'testMetadata' | 'unitTest'>>,
): string {
  const file =
    (node.testMetadata || node.unitTest) && node.name
      ? `${node.originalFilePath}/${node.name}.sql`
      : node.originalFilePath;
  return `${targetPath}/compiled/${node.packageName}/${file}`;
}

/** target/run/<project>/<file>: every statement run to materialize it. */
export function runPath(targetPath: string, node: Pick<ProjectNode, 'packageName' | 'originalFilePath'>): string {
  return `${targetPath}/run/${node.packageName}/${node.originalFilePath}`;
}
