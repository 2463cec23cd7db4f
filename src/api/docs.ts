import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readJsonIfExists, TSMODEL_VERSION, writeJson, writePage } from '../artifacts/index.js';
import {
  buildDocsData,
  docsPage,
  readDeferred,
  readQualityReport,
  readRunResults,
  serveStatic,
  type DocsData,
  type StaticServer,
} from '../docs/index.js';
import { toErrorList } from '../errors/index.js';
import type { Adapter } from '../adapters/index.js';
import { offlineCompiler } from './compile.js';
import { writeCatalog } from './docs-catalog.js';
import { columnLineageOf, lineageWarnings, loadColumnLineage, LINEAGE_PATH } from './column-lineage.js';
import { lineageArtifact } from './lineage.js';
import { loadProject, type LoadedProject, type ProjectOptions } from './load.js';
import { QUALITY_REPORT_PATH } from './quality.js';

export interface DocsOptions extends ProjectOptions {
  /** An open adapter to read the catalog with (tests; default: the target's, opened and closed here). */
  adapter?: Adapter;
}

export interface DocsResult {
  /** Absolute path of target/docs/index.html. */
  path: string;
  data: DocsData;
}

export interface DocsServeOptions extends ProjectOptions {
  /** Default 8080; 0 picks a free port. */
  port?: number;
  host?: string;
  /** Generate the page first even when one exists (default: only when it is missing). */
  regenerate?: boolean;
}

export interface DocsServer extends StaticServer {
  /** The folder served (target/docs). */
  root: string;
}

/** An artifact of an earlier run under target/, or undefined when it is missing or unreadable (said as a warning). */
export function readArtifact(project: LoadedProject, file: string): unknown {
  const path = resolve(project.config.projectRoot, project.config.targetPath, file);
  try {
    return readJsonIfExists(path);
  } catch (err) {
    project.events.log(
      'warn',
      `${path} is not readable JSON (${err instanceof Error ? err.message : String(err)}); the docs leave it out.`,
    );
    return undefined;
  }
}

/** Every node's SQL compiled as `tsmodel compile` would (no database needed); a node that fails keeps its error. */
function compileAll(project: LoadedProject): Map<string, { sql?: string; error?: string }> {
  const compiler = offlineCompiler(project);
  const out = new Map<string, { sql?: string; error?: string }>();
  for (const node of project.graph.nodes.values()) {
    if (!node.rawCode || node.resourceType === 'seed' || node.resourceType === 'source') continue;
    try {
      out.set(node.uniqueId, { sql: compiler.compile(node.uniqueId).compiledSql });
    } catch (err) {
      out.set(node.uniqueId, {
        error: toErrorList(err)
          .map((e) => e.message)
          .join('\n'),
      });
    }
  }
  return out;
}

/**
 * `tsmodel docs generate`: target/docs/index.html, one self-contained page
 * with the lineage graph, a page per node and the quality overview, from the
 * project and the last run's run_results.json and quality_report.json.
 */
export async function docsGenerate(opts: DocsOptions = {}): Promise<DocsResult> {
  const project = loadProject(opts);
  const { config, target, graph, events } = project;
  const compiled = compileAll(project);
  const failed = [...compiled.values()].filter((c) => c.error).length;
  if (failed > 0) events.log('warn', `${failed} node(s) did not compile; their pages show the error.`);
  // Column lineage for the node pages, also written to target/lineage.json.
  await loadColumnLineage();
  const lineage = columnLineageOf(project, compiled);
  for (const w of lineageWarnings(project, lineage)) events.log('warn', w);
  writeJson(config.projectRoot, `${config.targetPath}/${LINEAGE_PATH}`, lineageArtifact(project, lineage));
  await writeCatalog(project, opts.adapter);
  const data = buildDocsData({
    graph,
    project: { name: config.name, adapterType: target.type, targetName: target.name, tsmodelVersion: TSMODEL_VERSION },
    generatedAt: new Date().toISOString(),
    compiled,
    runResults: readRunResults(readArtifact(project, 'run_results.json')),
    quality: readQualityReport(readArtifact(project, QUALITY_REPORT_PATH)),
    lineage,
    deferred: readDeferred(readArtifact(project, 'manifest.json')),
  });
  const rel = `${config.targetPath}/docs/index.html`;
  await writePage(config.projectRoot, rel, data, docsPage);
  const shown = data.layout.nodes.length;
  events.log(
    'info',
    `Wrote ${rel}: ${shown} nodes in the lineage, ${data.nodes.length - shown} tests` +
      `${data.quality ? `, quality score ${data.quality.score ?? '—'}` : ''}.`,
  );
  return { path: resolve(config.projectRoot, rel), data };
}

/** `tsmodel docs serve`: serves target/docs on localhost (generating it first when missing). Close the server to stop. */
export async function docsServe(opts: DocsServeOptions = {}): Promise<DocsServer> {
  const project = loadProject(opts);
  const root = resolve(project.config.projectRoot, project.config.targetPath, 'docs');
  if (opts.regenerate || !existsSync(resolve(root, 'index.html')))
    await docsGenerate({ ...opts, events: project.events });
  const server = await serveStatic(root, opts.port ?? 8080, opts.host ?? '127.0.0.1');
  project.events.log('debug', `Serving ${root} at ${server.url}`);
  return { ...server, root };
}
