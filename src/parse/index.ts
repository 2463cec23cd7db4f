export type * from './types.js';
export { parseProject, type ParseInputs, type ParsedProject } from './project.js';
export { ParseCache, type ParseCacheStats } from './parse-cache.js';
export { finalizeConfig, fullRefreshOf } from './node-config.js';
export { contextInputs, type ParseEnv } from './sql-node.js';
export { parseSchemaYaml } from './schema-yaml.js';
export { parseDocBlocks } from './docs.js';
export { parseSqlFile } from './sql-node.js';
export { resolveDependencies } from './resolve.js';
