export type {
  Env,
  FolderConfigTree,
  PgliteTarget,
  PostgresTarget,
  ProjectConfig,
  TargetConfig,
  TargetType,
  Warning,
} from './types.js';
export { parseYamlDocument } from './yaml.js';
export type { YamlDocument, YamlPath } from './yaml.js';
export { IDENTIFIER, KNOWN_PROJECT_KEYS, PROJECT_FILES, loadProjectConfig } from './project.js';
export type { LoadProjectOptions, ReadFile } from './project.js';
export { KNOWN_CONFIG_KEYS, mergeConfigs, normalizeConfigKey, resolveFolderConfig } from './folder-config.js';
export { loadTarget } from './profiles.js';
export type { LoadTargetOptions, LoadedTarget } from './profiles.js';
export { BUILTIN_PROFILES_FILE, builtinProfilesYaml } from './default-profiles.js';
export { parseDatabaseUrl } from './database-url.js';
export { describeTarget } from './describe.js';
export { parseVarsArg, readEnv } from './env.js';
export { ValueChecker, describeValue, isMapping } from './check.js';
