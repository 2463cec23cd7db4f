import type { TsmodelError } from '../errors/index.js';

export type NodeStatus = 'success' | 'error' | 'skipped' | 'cancelled' | 'pass' | 'fail' | 'warn';

export interface NodeRef {
  uniqueId: string;
  name: string;
  resourceType: string;
  /** e.g. "table model", "seed", "view model" */
  description: string;
  /** e.g. "production.customers" */
  relationName?: string;
}

/** The quality score at the end of a run with data tests (the full report is target/quality_report.json). */
export interface QualitySummary {
  score: number | null;
  minScore: number | null;
  passed: boolean;
  dimensions: { name: string; score: number; tests: number; failures: number; evaluated: number }[];
  layers: { name: string; score: number | null; minScore: number | null; passed: boolean }[];
  reportPath: string;
}

/** What one rebuild of watch mode did: the first line printed after it. */
export interface WatchSummary {
  /** 0 for the build watch starts with, then 1, 2, … */
  rebuild: number;
  /** Project files changed since the previous rebuild, relative to the project root. */
  changed: string[];
  /** project.yml or profiles.yml changed: everything was read again. */
  reloaded: boolean;
  /** Names of the nodes rebuilt (models, seeds, snapshots, tests), in build order. */
  rebuilt: string[];
  /** Nodes that left the graph (file deleted or renamed); their relations are left in the database. */
  removed: { name: string; relationName?: string }[];
  /** Rebuilt nodes by status, as in run-end (success, pass, warn, error, fail, skipped, cancelled). */
  counts: Record<string, number>;
  /** Problems that stopped the rebuild before anything ran (YAML, template, graph cycle…); each also comes as an error event. */
  errors: number;
  /**
   * built: all passed; failed: a node failed; unchanged: nothing to rebuild; invalid: the project has errors;
   * cancelled: a newer change cancelled it.
   */
  outcome: 'built' | 'failed' | 'unchanged' | 'invalid' | 'cancelled';
  elapsedMs: number;
}

/** Everything tsmodel reports. Reporters (console, JSON lines, the log file) subscribe. */
export type TsmodelEvent =
  | { type: 'run-start'; command: string; runId: string; target: string; nodeCount: number; threads: number }
  | { type: 'node-start'; runId: string; index: number; total: number; node: NodeRef }
  | {
      type: 'node-end';
      runId: string;
      index: number;
      total: number;
      node: NodeRef;
      status: NodeStatus;
      message: string;
      rows: number | null;
      /** What the database answered, e.g. "SELECT 1000" or "CREATE VIEW". */
      response?: string;
      elapsedMs: number;
      /** The compiled or run file to look at when it failed. */
      file?: string;
      /** Said instead of the status word, e.g. "ERROR STALE" (a source older than its error_after). */
      label?: string;
    }
  | {
      type: 'run-end';
      runId: string;
      elapsedMs: number;
      counts: Record<string, number>;
      failures: { node: NodeRef; message: string; file?: string }[];
    }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string; runId?: string; node?: string }
  | { type: 'error'; error: TsmodelError; runId?: string }
  | { type: 'progress'; runId: string; node: NodeRef; elapsedMs: number }
  | { type: 'quality'; runId: string; summary: QualitySummary }
  | { type: 'watch'; summary: WatchSummary };

export interface EventSink {
  emit(event: TsmodelEvent): void;
}

/** Fans one event out to several sinks. */
export class EventBus implements EventSink {
  private readonly sinks: EventSink[] = [];
  constructor(sinks: EventSink[] = []) {
    this.sinks.push(...sinks);
  }
  add(sink: EventSink): void {
    this.sinks.push(sink);
  }
  emit(event: TsmodelEvent): void {
    for (const s of this.sinks) s.emit(event);
  }
  log(
    level: 'debug' | 'info' | 'warn' | 'error',
    message: string,
    extra: { runId?: string; node?: string } = {},
  ): void {
    this.emit({ type: 'log', level, message, ...extra });
  }
}

/** Keeps every event, for tests and for API users who want them afterwards. */
export class MemorySink implements EventSink {
  readonly events: TsmodelEvent[] = [];
  emit(event: TsmodelEvent): void {
    this.events.push(event);
  }
}
