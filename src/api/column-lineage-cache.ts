import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { readStamped, writeStamped } from '../artifacts/index.js';
import {
  KIND_ORDER,
  type ColumnLineage,
  type LineageKind,
  type MemoEntry,
  type ProjectLineage,
} from '../lineage/index.js';
import { columnLineageOf, lastLineagePass, lineageMemo } from './column-lineage.js';
import type { LoadedProject } from './load.js';
import { codeStamp } from './partial-parse.js';

/*
 * target/lineage_cache.json: the column-lineage analyses of a compile (lineage/memo.ts), for the next process.
 * A first line names the format and the code that wrote it (the lineage code and PostgreSQL's parser: a cache
 * from other code is never read), then one JSON value: node ids once, each analysis by the hash of its SQL.
 */

const MAGIC = 'tsmodel-lineage-cache 1';
export const LINEAGE_CACHE_FILE = 'lineage_cache.json';

/** [name, [node index, column, kind index][], unknown?] */
type StoredColumn = [string, [number, string, number][], string[]?];
/** [lookups, columns, unknown?] */
type StoredEntry = [[string, string][], StoredColumn[], string[]?];
interface Stored {
  nodes: string[];
  entries: Record<string, StoredEntry>;
}

let stamp: string | undefined;
function lineageStamp(): string {
  if (stamp) return stamp;
  let parser = 'unknown';
  try {
    const pkg = createRequire(import.meta.url).resolve('libpg-query/package.json');
    parser = (JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version ?? parser;
  } catch {
    // the parser's version stays unknown: the stamp still names the lineage code
  }
  return (stamp = `${codeStamp(['lineage'])}-${parser}`);
}

export const lineageCachePath = (projectRoot: string, targetPath: string) =>
  resolve(projectRoot, targetPath, LINEAGE_CACHE_FILE);

const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** The kept analyses, or why there are none (a debug line). Anything malformed: none at all. */
export function readLineageCache(path: string): [string, MemoEntry][] | { reason: string } {
  const read = readStamped(path, `${MAGIC} ${lineageStamp()}`);
  if ('reason' in read) return read;
  try {
    return decode(read.value as Stored);
  } catch {
    return { reason: `${path} is damaged` };
  }
}

function decode(stored: Stored): [string, MemoEntry][] {
  const bad = () => {
    throw new Error('damaged');
  };
  if (!strings(stored.nodes) || typeof stored.entries !== 'object' || stored.entries === null) bad();
  const column = ([name, up, unknown]: StoredColumn): ColumnLineage => {
    if (typeof name !== 'string' || !Array.isArray(up) || (unknown !== undefined && !strings(unknown))) bad();
    const upstream = up.map(([n, c, k]) => {
      const node = stored.nodes[n];
      const kind = KIND_ORDER[k];
      if (node === undefined || kind === undefined || typeof c !== 'string') bad();
      return { node: node!, column: c, kind: kind! };
    });
    return { name, upstream, ...(unknown ? { unknown } : {}) };
  };
  return Object.entries(stored.entries).map(([key, [lookups, columns, unknown]]) => {
    if (!Array.isArray(lookups) || !lookups.every((l) => strings(l) && l.length === 2)) bad();
    if (!Array.isArray(columns) || (unknown !== undefined && !strings(unknown))) bad();
    return [key, { lookups, result: { columns: columns.map(column), ...(unknown ? { unknown } : {}) } }];
  });
}

function encode(entries: Iterable<[string, MemoEntry]>): Stored {
  const nodes: string[] = [];
  const index = new Map<string, number>();
  const nodeIndex = (id: string) => {
    let i = index.get(id);
    if (i === undefined) index.set(id, (i = nodes.push(id) - 1));
    return i;
  };
  const kindIndex = (k: LineageKind) => KIND_ORDER.indexOf(k);
  const out: Record<string, StoredEntry> = {};
  for (const [key, { lookups, result }] of entries) {
    const columns = result.columns.map((c): StoredColumn => {
      const up = c.upstream.map((u): [number, string, number] => [nodeIndex(u.node), u.column, kindIndex(u.kind)]);
      return c.unknown ? [c.name, up, c.unknown] : [c.name, up];
    });
    out[key] = result.unknown ? [lookups, columns, result.unknown] : [lookups, columns];
  }
  return { nodes, entries: out };
}

/** Writes the analyses for the next process: to a file of its own, then renamed. */
export function writeLineageCache(path: string, entries: Iterable<[string, MemoEntry]>): void {
  writeStamped(path, `${MAGIC} ${lineageStamp()}`, encode(entries));
}

/**
 * compile's column lineage with the analyses kept in target/lineage_cache.json between processes (when partial
 * parsing is on): the kept ones are merged into this process's memo, and the file is written again when the pass
 * analysed or dropped any. A cache that cannot be written is a debug line.
 */
export function keptColumnLineage(
  project: LoadedProject,
  compiled: ReadonlyMap<string, { sql?: string }>,
): ProjectLineage {
  const path = lineageCachePath(project.config.projectRoot, project.config.targetPath);
  const read = readLineageCache(path);
  if (!('reason' in read)) lineageMemo.merge(read);
  const lineage = columnLineageOf(project, compiled, lineageMemo);
  const pass = lastLineagePass()!;
  const why = 'reason' in read ? ` (${read.reason})` : '';
  project.events.log('debug', `column lineage: ${pass.reused} analysis(es) reused, ${pass.analysed} made${why}`);
  try {
    if (pass.changed || 'reason' in read) writeLineageCache(path, lineageMemo.all());
  } catch (err) {
    project.events.log('debug', `column lineage: not kept (${err instanceof Error ? err.message : String(err)})`);
  }
  return lineage;
}
