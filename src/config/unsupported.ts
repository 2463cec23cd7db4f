/**
 * Sections of dbt's YAML that tsmodel reads past without acting on them: each
 * is a warning naming the file (never silently dropped), with what is missing.
 */
export const UNSUPPORTED_PROPERTY_KEYS: Readonly<Record<string, string>> = {
  metrics: 'metrics (the semantic layer) are not supported',
  semantic_models: 'semantic models (the semantic layer) are not supported',
  saved_queries: 'saved queries (the semantic layer) are not supported',
  macros: 'macro properties (descriptions, arguments) are not used',
};

/** The same for dbt_project.yml's sections. */
export const UNSUPPORTED_PROJECT_KEYS: Readonly<Record<string, string>> = {
  'semantic-models': 'semantic models (the semantic layer) are not supported',
  'saved-queries': 'saved queries (the semantic layer) are not supported',
  metrics: 'metrics (the semantic layer) are not supported',
  exposures: 'exposure configs in the project file are not applied',
  'restrict-access': 'model access is not enforced',
  'dbt-cloud': 'dbt Cloud settings have no meaning here',
};

/** "semantic_models in models/schema.yml: … ; it is ignored" */
export function unsupportedMessage(key: string, file: string, why: string): string {
  return `'${key}' in ${file} is not supported by tsmodel (${why}); it is ignored`;
}
