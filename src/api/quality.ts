import {
  buildQualityReport,
  compiledPath,
  writeJson,
  type ArtifactMetadata,
  type QualityReport,
} from '../artifacts/index.js';
import {
  assessQuality,
  defaultDimension,
  layerOf,
  readTestConfig,
  scoredNodeOf,
  type QualityConfig,
  type TestRecord,
} from '../data-tests/index.js';
import type { NodeResult } from '../execute/index.js';
import type { LoadedProject } from './load.js';

export const QUALITY_REPORT_PATH = 'quality_report.json';

function recordOf(project: LoadedProject, id: string, r: NodeResult | undefined): TestRecord {
  const { graph, config } = project;
  const node = graph.nodes.get(id)!;
  const scoredId = scoredNodeOf(node);
  const scoredNode = scoredId ? graph.nodes.get(scoredId) : undefined;
  const t = r?.test;
  const cfg = readTestConfig(node.config, defaultDimension(node.testMetadata?.name)).config;
  const status = t?.status ?? (r?.status === 'skipped' || r?.status === 'cancelled' || !r ? 'skipped' : 'error');
  return {
    uniqueId: id,
    name: node.name,
    testType: node.testMetadata?.name ?? 'singular',
    dimension: t?.dimension ?? cfg.dimension,
    model: scoredId ?? null,
    modelName: scoredNode
      ? scoredNode.resourceType === 'source'
        ? `${scoredNode.sourceName}.${scoredNode.name}`
        : scoredNode.name
      : null,
    column: node.columnName ?? null,
    layer: layerOf(scoredNode ?? node),
    severity: t?.severity ?? cfg.severity,
    status,
    failures: t?.failures ?? null,
    evaluated: t?.evaluated ?? null,
    samples: t?.samples ?? [],
    message: t?.message ?? r?.message ?? 'not run',
    compiledPath: node.rawCode ? compiledPath(config.targetPath, node) : null,
    batched: t?.batched ?? false,
  };
}

/**
 * After a run with tests: scores them, writes target/quality_report.json,
 * reports the score table, and says whether every min_score was met.
 */
export function finishQuality(
  project: LoadedProject,
  order: readonly string[],
  results: ReadonlyMap<string, NodeResult>,
  quality: QualityConfig,
  meta: Omit<ArtifactMetadata, 'schema_version' | 'tsmodel_version'>,
): QualityReport {
  const { graph, config, events } = project;
  const records = order
    .filter((id) => graph.nodes.get(id)?.resourceType === 'test')
    .map((id) => recordOf(project, id, results.get(id)));
  const assessment = assessQuality(records, quality);
  const report = buildQualityReport(meta, records, assessment, quality);
  const reportPath = `${config.targetPath}/${QUALITY_REPORT_PATH}`;
  writeJson(config.projectRoot, reportPath, report);
  events.emit({
    type: 'quality',
    runId: meta.invocation_id,
    summary: {
      score: report.overall.score,
      minScore: report.overall.min_score,
      passed: report.passed,
      dimensions: Object.entries(report.dimensions).map(([name, d]) => ({ name, ...d })),
      layers: Object.entries(report.layers).map(([name, l]) => ({
        name,
        score: l.score,
        minScore: l.min_score,
        passed: l.passed,
      })),
      reportPath,
    },
  });
  return report;
}
