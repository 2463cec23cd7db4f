import type { Adapter } from '../../adapters/index.js';
import type { QualityReport } from '../../artifacts/index.js';
import type { TsmodelError } from '../../errors/index.js';
import type { NodeStatus } from '../../events/index.js';
import type { ProjectNode } from '../../parse/index.js';
import type { UnitOn } from '../../unit-tests/index.js';
import type { LoadedProject, ProjectOptions, SelectionOptions } from '../load.js';

export interface RunOptions extends ProjectOptions, SelectionOptions {
  failFast?: boolean;
  /** An adapter to use instead of creating one from the target (tests, watch mode). It is not closed. */
  adapter?: Adapter;
  /** Data tests of one relation share one scan (default true; false runs one query per test). */
  batchTests?: boolean;
  /** Watch mode: a project already loaded (instead of reading and parsing it again). */
  project?: LoadedProject;
  /** Watch mode: exactly these unique ids (instead of --select / --exclude). */
  nodes?: ReadonlySet<string>;
  /** Aborting stops scheduling: nodes not yet started are cancelled. */
  signal?: AbortSignal;
  /** Where unit tests run: the target, or an in-memory embedded database (default: the target when reachable). */
  unitOn?: UnitOn;
  /** Treat the target as empty: unit tests run on the embedded database. */
  emptyTarget?: boolean;
}

export interface NodeOutcome {
  node: ProjectNode;
  status: NodeStatus;
  message: string;
  rowsAffected: number | null;
  elapsedMs: number;
  error?: TsmodelError;
}

export interface RunSummary {
  runId: string;
  success: boolean;
  elapsedMs: number;
  results: NodeOutcome[];
  project: LoadedProject;
  /** Runs with data tests: target/quality_report.json's contents. */
  quality?: QualityReport;
}
