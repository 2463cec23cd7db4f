export { compiledPath, runPath } from './paths.js';
export {
  buildManifest,
  manifestMetadata,
  manifestSections,
  type ManifestSection,
  nodeEntry,
  MANIFEST_SCHEMA,
  RUN_RESULTS_SCHEMA,
  TSMODEL_VERSION,
  type ArtifactMetadata,
} from './manifest.js';
export { buildRunResults, type RunResultEntry, type RunResults } from './run-results.js';
export {
  writeProjectFile,
  writeProjectFileKnown,
  type FileStamp,
  writeJson,
  writePage,
  logFileWriter,
  type LogFile,
  readJsonIfExists,
  removeArtifact,
} from './write.js';
export { buildQualityReport, QUALITY_REPORT_SCHEMA, type QualityReport } from './quality-report.js';
export { buildCatalog, catalogSchemas, DBT_CATALOG_SCHEMA, type CatalogRelationInput } from './catalog.js';
export {
  buildSourcesArtifact,
  DBT_SOURCES_SCHEMA,
  type FreshnessResultEntry,
  type SourcesArtifact,
} from './sources.js';
export { spliceJsonHead } from './json-splice.js';
export {
  readFragmentTable,
  readIfUnchanged,
  writeFragmentTable,
  writeManifestFragments,
  type FragmentTable,
} from './manifest-fragments.js';
export { NodeFiles } from './node-files.js';
export { readPartialParse, writePartialParse } from './partial-parse-file.js';
export {
  readCompileCache,
  writeCompileCache,
  writeManifestRecord,
  type StoredCompile,
  type StoredCompiles,
} from './compile-cache-file.js';
export { readStamped, writeStamped } from './stamped-file.js';
