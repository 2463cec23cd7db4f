import type { EventSink, TsmodelEvent } from './types.js';

/** Serializes an event as one JSON object with a time and a level (for --log-format json and logs/pipeline.log). */
export function eventToJson(e: TsmodelEvent, now: Date = new Date()): Record<string, unknown> {
  const base = { time: now.toISOString(), event: e.type };
  switch (e.type) {
    case 'log':
      return { ...base, level: e.level, run_id: e.runId, node: e.node, message: e.message };
    case 'error':
      return {
        ...base,
        level: 'error',
        run_id: e.runId,
        code: e.error.code,
        message: e.error.message,
        location: e.error.location,
        hint: e.error.hint,
      };
    case 'node-start':
      return {
        ...base,
        level: 'info',
        run_id: e.runId,
        node: e.node.uniqueId,
        index: e.index,
        total: e.total,
        message: `START ${e.node.description} ${e.node.relationName ?? e.node.name}`,
      };
    case 'node-end':
      return {
        ...base,
        level: e.status === 'error' || e.status === 'fail' ? 'error' : e.status === 'warn' ? 'warn' : 'info',
        run_id: e.runId,
        node: e.node.uniqueId,
        status: e.status,
        rows: e.rows,
        response: e.response,
        ...(e.label ? { label: e.label } : {}),
        elapsed_ms: Math.round(e.elapsedMs),
        file: e.file,
        message: e.message,
      };
    case 'run-start':
      return {
        ...base,
        level: 'info',
        run_id: e.runId,
        command: e.command,
        target: e.target,
        nodes: e.nodeCount,
        threads: e.threads,
        message: `${e.command} started`,
      };
    case 'run-end':
      return {
        ...base,
        level: e.failures.length ? 'error' : 'info',
        run_id: e.runId,
        elapsed_ms: Math.round(e.elapsedMs),
        counts: e.counts,
        message: `finished with ${e.failures.length} failure(s)`,
      };
    case 'quality':
      return {
        ...base,
        level: e.summary.passed ? 'info' : 'error',
        run_id: e.runId,
        score: e.summary.score,
        min_score: e.summary.minScore,
        passed: e.summary.passed,
        dimensions: e.summary.dimensions,
        layers: e.summary.layers,
        report: e.summary.reportPath,
        message: `quality score ${e.summary.score === null ? 'n/a' : e.summary.score.toFixed(2)}`,
      };
    case 'watch': {
      const w = e.summary;
      return {
        ...base,
        level: w.outcome === 'failed' || w.outcome === 'invalid' ? 'error' : 'info',
        rebuild: w.rebuild,
        outcome: w.outcome,
        changed: w.changed,
        reloaded: w.reloaded,
        rebuilt: w.rebuilt,
        removed: w.removed,
        counts: w.counts,
        errors: w.errors,
        elapsed_ms: Math.round(w.elapsedMs),
        message: `watch rebuild ${w.rebuild}: ${w.outcome}`,
      };
    }
    case 'progress':
      return {
        ...base,
        level: 'debug',
        run_id: e.runId,
        node: e.node.uniqueId,
        elapsed_ms: Math.round(e.elapsedMs),
        message: 'running',
      };
  }
}

/** One JSON line per event, written with `write`. */
export class JsonLinesReporter implements EventSink {
  constructor(
    private readonly write: (line: string) => void,
    private readonly opts: { includeDebug?: boolean } = {},
  ) {}
  emit(e: TsmodelEvent): void {
    if (e.type === 'progress' && !this.opts.includeDebug) return;
    if (e.type === 'log' && e.level === 'debug' && !this.opts.includeDebug) return;
    this.write(JSON.stringify(eventToJson(e)));
  }
}
