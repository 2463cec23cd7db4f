import { resolve } from 'node:path';
import { createAdapter, type Adapter } from '../adapters/index.js';
import { waitingLine } from './lock-lines.js';
import { writePage, writeProjectFile } from '../artifacts/index.js';
import {
  DASHBOARD_ANALYSES,
  dashboardPage,
  leadingComment,
  normalizeRows,
  toCsv,
  type AnalysisResult,
  type DashboardData,
} from '../dashboard/index.js';
import { readQualityReport } from '../docs/index.js';
import { TsmodelError, toErrorList } from '../errors/index.js';
import type { ProjectNode } from '../parse/index.js';
import { offlineCompiler } from './compile.js';
import { readArtifact } from './docs.js';
import { loadProject, type LoadedProject, type ProjectOptions } from './load.js';
import { QUALITY_REPORT_PATH } from './quality.js';

export type DashboardFormat = 'html' | 'csv';

export interface DashboardOptions extends ProjectOptions {
  /** html: target/dashboard/index.html (default); csv: target/dashboard/csv/<analysis>.csv for every analysis. */
  formats?: DashboardFormat[];
  /** An adapter to use instead of one from the target (tests). It is not closed. */
  adapter?: Adapter;
}

export interface DashboardResult {
  data: DashboardData;
  /** Absolute paths written. */
  htmlPath?: string;
  csvPaths: string[];
  /** Analyses whose query failed. */
  failed: string[];
}

async function runAnalysis(
  project: LoadedProject,
  adapter: Adapter,
  node: ProjectNode,
  compile: (id: string) => string,
): Promise<AnalysisResult> {
  const started = Date.now();
  const base = {
    name: node.name,
    description: node.description || leadingComment(node.rawCode),
    columns: [] as string[],
    rows: [],
  };
  try {
    const res = await adapter.query(compile(node.uniqueId));
    return {
      ...base,
      columns: res.fields.map((f) => f.name),
      rows: normalizeRows(res.fields, res.rows),
      elapsedMs: Date.now() - started,
    };
  } catch (err) {
    const message = toErrorList(err)
      .map((e) => e.message)
      .join('\n');
    project.events.log('warn', `analysis ${node.name} failed: ${message}`, { node: node.uniqueId });
    return { ...base, error: message, elapsedMs: Date.now() - started };
  }
}

/**
 * `tsmodel dashboard`: runs the analyses in analyses/ on the target's database
 * and writes the sales dashboard (KPIs, sales trends, products, customers) as
 * one self-contained page with the data embedded, and/or each result as CSV.
 */
export async function dashboard(opts: DashboardOptions = {}): Promise<DashboardResult> {
  const formats = new Set<DashboardFormat>(opts.formats && opts.formats.length > 0 ? opts.formats : ['html']);
  const project = loadProject(opts);
  const { config, graph, target, events } = project;
  const all = [...graph.nodes.values()]
    .filter((n) => n.resourceType === 'analysis')
    .sort((a, b) => a.name.localeCompare(b.name));
  const wanted = formats.has('csv') ? all : all.filter((n) => DASHBOARD_ANALYSES.includes(n.name));
  if (wanted.length === 0) {
    throw new TsmodelError('usage', `The project has no ${formats.has('csv') ? '' : 'dashboard '}analyses to run`, {
      hint:
        `The dashboard reads analyses/${DASHBOARD_ANALYSES[0]}.sql and the like (` +
        `${DASHBOARD_ANALYSES.join(', ')}); add them, or use --format csv for your own.`,
    });
  }
  const missing = DASHBOARD_ANALYSES.filter((name) => !all.some((n) => n.name === name));
  if (formats.has('html') && missing.length > 0)
    events.log('warn', `No analyses/${missing.join('.sql, analyses/')}.sql: those dashboard panels stay empty.`);

  const compiler = offlineCompiler(project);
  const adapter =
    opts.adapter ??
    createAdapter(target, {
      command: 'dashboard',
      onLockWait: (holder) => events.log('warn', waitingLine(target.name, holder)),
    });
  const analyses: Record<string, AnalysisResult> = {};
  try {
    await adapter.open();
    for (const node of wanted)
      analyses[node.name] = await runAnalysis(project, adapter, node, (id) => compiler.compile(id).compiledSql);
  } finally {
    if (!opts.adapter) await adapter.close().catch(() => {});
  }
  const failed = Object.values(analyses)
    .filter((a) => a.error)
    .map((a) => a.name);
  if (failed.length > 0)
    events.log(
      'warn',
      `${failed.length} analysis queries failed (${failed.join(', ')}). Has the warehouse been built? Run \`tsmodel build\` first.`,
    );

  const q = readQualityReport(readArtifact(project, QUALITY_REPORT_PATH))?.overview;
  const data: DashboardData = {
    project: { name: config.name, targetName: target.name, adapterType: target.type },
    generatedAt: new Date().toISOString(),
    analyses,
    quality: q
      ? {
          score: q.score,
          minScore: q.minScore,
          passed: q.passed,
          generatedAt: q.generatedAt,
          dimensions: Object.fromEntries(Object.entries(q.dimensions).map(([k, d]) => [k, d.score])),
        }
      : undefined,
  };

  const result: DashboardResult = { data, csvPaths: [], failed };
  const dir = `${config.targetPath}/dashboard`;
  if (formats.has('html')) {
    const rel = `${dir}/index.html`;
    await writePage(config.projectRoot, rel, data, dashboardPage);
    result.htmlPath = resolve(config.projectRoot, rel);
    events.log(
      'info',
      `Wrote ${rel} (${Object.keys(analyses).length} analyses${data.quality ? `, quality score ${data.quality.score ?? '—'}` : ''}).`,
    );
  }
  if (formats.has('csv')) {
    for (const a of Object.values(analyses)) {
      if (a.error) continue;
      const rel = `${dir}/csv/${a.name}.csv`;
      writeProjectFile(config.projectRoot, rel, toCsv(a.columns, a.rows));
      result.csvPaths.push(resolve(config.projectRoot, rel));
    }
    events.log('info', `Wrote ${result.csvPaths.length} CSV files to ${dir}/csv/.`);
  }
  return result;
}
