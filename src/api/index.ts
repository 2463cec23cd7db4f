/** tsmodel's programmatic API: what the CLI, watch mode, tests and users' scripts call. */
export { loadProject, selectFrom, type LoadedProject, type ProjectOptions, type SelectionOptions } from './load.js';
export {
  run,
  seed,
  snapshot,
  build,
  execute,
  describeNode,
  type RunOptions,
  type RunSummary,
  type NodeOutcome,
} from './run.js';
export { test } from './test.js';
export { QUALITY_REPORT_PATH } from './quality.js';
export { compile, offlineCompiler, type CompileOptions, type CompileResult, type CompiledEntry } from './compile.js';
export { ls, type LsOptions, type LsEntry } from './ls.js';
export { lineage, lineageArtifact, touchedColumns, type LineageOptions, type LineageResult } from './lineage.js';
export {
  columnLineageOf,
  lineageWarnings,
  loadColumnLineage,
  LINEAGE_PATH,
  type LineageProject,
} from './column-lineage.js';
export { show, type ShowOptions, type ShowResult } from './show.js';
export { debug, type DebugReport } from './debug.js';
export { clone, type CloneOptions, type CloneResult, type CloneOutcome } from './clone.js';
export {
  sourceFreshness,
  type FreshnessOptions,
  type FreshnessOutcome,
  type FreshnessOutcomeStatus,
  type FreshnessResult,
} from './freshness.js';
export {
  docsGenerate,
  docsServe,
  type DocsOptions,
  type DocsResult,
  type DocsServeOptions,
  type DocsServer,
} from './docs.js';
export { dashboard, type DashboardOptions, type DashboardResult, type DashboardFormat } from './dashboard.js';
export { clean } from './clean.js';
export { deps, type DepsOptions } from './deps.js';
export { init } from './init.js';
export { TsmodelError, TsmodelErrors, formatError } from '../errors/index.js';
export {
  EventBus,
  MemorySink,
  ConsoleReporter,
  JsonLinesReporter,
  type EventSink,
  type TsmodelEvent,
} from '../events/index.js';
export type { TargetConfig } from '../config/index.js';
export { generate, type GenerateCommandOptions } from './generate.js';
