import { existsSync } from 'node:fs';
import { createAdapter, readDocsCatalog, type Adapter } from '../adapters/index.js';
import { buildCatalog, catalogSchemas, removeArtifact, writeJson } from '../artifacts/index.js';
import { toErrorList } from '../errors/index.js';
import { artifactMeta, type LoadedProject } from './load.js';

export const CATALOG_PATH = 'catalog.json';

/** The database relations without a database name resolve in (PGlite has one; a PostgreSQL target names it). */
function targetDatabase(project: LoadedProject): string {
  const t = project.target as { type: string; dbname?: string };
  return t.type === 'pglite' ? 'postgres' : (t.dbname ?? 'postgres');
}

/** An earlier catalog.json describes another moment (or target): removed, and said so. */
function dropStale(project: LoadedProject): undefined {
  const rel = `${project.config.targetPath}/${CATALOG_PATH}`;
  if (removeArtifact(project.config.projectRoot, rel))
    project.events.log('info', `Removed the earlier ${rel}: it no longer describes the target.`);
  return undefined;
}

/**
 * `docs generate`'s target/catalog.json (dbt's catalog v1) when the target is reachable: every schema the project's
 * relations live in, read in one query. An unreachable target (or a PGlite folder not created yet) is a warning and
 * no catalog: docs generate needs no database. Returns the written catalog, or undefined.
 */
export async function writeCatalog(
  project: LoadedProject,
  adapter?: Adapter,
): Promise<Record<string, unknown> | undefined> {
  const { config, target, graph, events } = project;
  if (!adapter && target.type === 'pglite' && (target.path.startsWith('memory://') || !existsSync(target.path))) {
    events.log('info', `No catalog.json: the PGlite database ${target.path} has not been built yet.`);
    return dropStale(project);
  }
  const nodes = [...graph.nodes.values()];
  const db = adapter ?? createAdapter({ ...target, retries: 0, lockTimeoutMs: 0 }, { command: 'docs' });
  let relations;
  try {
    if (!adapter) await db.open();
    relations = await readDocsCatalog(db, catalogSchemas(nodes));
  } catch (err) {
    const why = toErrorList(err)
      .map((e) => e.message)
      .join('; ');
    events.log('warn', `No catalog.json: could not read the catalog of target ${target.name} (${why}).`);
    return dropStale(project);
  } finally {
    if (!adapter) await db.close().catch(() => {});
  }
  const meta = artifactMeta(project);
  const catalog = buildCatalog(nodes, relations, meta, targetDatabase(project));
  writeJson(config.projectRoot, `${config.targetPath}/${CATALOG_PATH}`, catalog);
  const n = Object.keys(catalog.nodes as object).length + Object.keys(catalog.sources as object).length;
  events.log('info', `Wrote ${config.targetPath}/${CATALOG_PATH}: ${n} relations.`);
  return catalog;
}
